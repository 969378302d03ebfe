package dev.cfg.grpc.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import picocli.CommandLine;

import dev.cfg.grpc.config.internal.Nearest;

/**
 * The entry point of a cfg-grpc application: {@code java -jar app.jar [command] [options]}. With
 * no command it runs {@code rungrpc}. Spring-style {@code --some.property=value} arguments are
 * passed to the application beside the command's own options. An application's {@code main} hands
 * over in one line:
 *
 * <pre>
 * public static void main(String[] args) {
 *     CfgGrpcApplication.main(MyApplication.class, args);
 * }
 * </pre>
 */
public final class CfgGrpcApplication {

	/** Exit code a command returns when it leaves the application running (rungrpc). */
	static final int KEEP_RUNNING = Integer.MIN_VALUE;

	private CfgGrpcApplication() {
	}

	/**
	 * Runs the command the arguments name, then exits with its code, except for {@code rungrpc},
	 * whose servers keep the process running until it is stopped.
	 * @param application the application's {@code @SpringBootApplication} class
	 * @param args the command line
	 */
	public static void main(Class<?> application, String... args) {
		int code = execute(application, new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
		if (code != KEEP_RUNNING) {
			System.exit(code);
		}
	}

	static int execute(Class<?> application, PrintWriter out, PrintWriter err, String... args) {
		CommandLine commandLine = commandLine(new SpringLauncher(application));
		commandLine.setOut(out);
		commandLine.setErr(err);
		Set<String> commands = commandLine.getSubcommands().keySet();
		String unknown = unknownCommand(commands, commandLine.getSubcommands().get(RunGrpcCommand.NAME).getCommandSpec(),
				args);
		if (unknown != null) {
			String nearest = Nearest.to(unknown, commands, 2);
			err.println("Unknown command '" + unknown + "'" + ((nearest != null) ? ": did you mean '" + nearest + "'?" : ".")
					+ " Commands: " + String.join(", ", new java.util.TreeSet<>(commands)) + ".");
			return 2;
		}
		return commandLine.execute(withCommandFirst(commands, args));
	}

	/**
	 * The first word that is neither an option, an option's value nor a command: without this
	 * check it would be taken as an argument of {@code rungrpc}, the command that runs when none is
	 * named, and a typo would start a server.
	 */
	static String unknownCommand(Set<String> commands, CommandLine.Model.CommandSpec runGrpc, String... args) {
		for (int i = 0; i < args.length; i++) {
			String argument = args[i];
			if (commands.contains(argument)) {
				return null;
			}
			if (!argument.startsWith("-")) {
				return argument;
			}
			CommandLine.Model.OptionSpec option = runGrpc.findOption(argument);
			if (option != null && option.arity().max() > 0 && !argument.contains("=")) {
				i++;
			}
		}
		return null;
	}

	static CommandLine commandLine(SpringLauncher launcher) {
		CommandLine commandLine = new CommandLine(new RootCommand(launcher));
		commandLine.addSubcommand(new RunGrpcCommand());
		commandLine.addSubcommand(new CheckCommand());
		commandLine.addSubcommand(new CreateSuperuserCommand());
		commandLine.addSubcommand(new TokenCommand());
		commandLine.addSubcommand(new ApiKeyCommand());
		commandLine.addSubcommand(new CleanupLogsCommand());
		commandLine.addSubcommand(new GenprotoCommand());
		commandLine.addSubcommand(new CommandLine.HelpCommand());
		commandLine.setUnmatchedOptionsArePositionalParams(false);
		return commandLine;
	}

	/**
	 * Moves the first argument that names a command to the front, so Spring-style arguments may
	 * come before it; with no command, {@code rungrpc} is the one.
	 */
	static String[] withCommandFirst(Set<String> commands, String... args) {
		List<String> arguments = new ArrayList<>(Arrays.asList(args));
		for (int i = 0; i < arguments.size(); i++) {
			String argument = arguments.get(i);
			if (commands.contains(argument)) {
				arguments.remove(i);
				arguments.add(0, argument);
				return arguments.toArray(String[]::new);
			}
			if (!argument.startsWith("-")) {
				break;
			}
		}
		arguments.add(0, RunGrpcCommand.NAME);
		return arguments.toArray(String[]::new);
	}

	/** The application's commands. */
	@CommandLine.Command(name = "app.jar", mixinStandardHelpOptions = false,
			description = "A cfg-grpc application. Without a command it runs rungrpc.",
			footer = "Spring properties may be given as --name=value beside any command.")
	static final class RootCommand implements Runnable {

		private final SpringLauncher launcher;

		@CommandLine.Spec
		private CommandLine.Model.CommandSpec spec;

		RootCommand(SpringLauncher launcher) {
			this.launcher = launcher;
		}

		SpringLauncher launcher() {
			return this.launcher;
		}

		@Override
		public void run() {
			this.spec.commandLine().usage(this.spec.commandLine().getOut());
		}

	}

}
