package dev.cfg.grpc.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;

import picocli.CommandLine;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the commands that need the application's beans but no server share, subcommands such as
 * {@code apikey create} included: the launcher, the output streams, {@code --help}, and the
 * Spring-style arguments passed through.
 */
abstract class BeanCommand implements Callable<Integer> {

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@CommandLine.Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help.")
	boolean help;

	@CommandLine.Unmatched
	List<String> springArguments = new ArrayList<>();

	PrintWriter out() {
		return this.spec.commandLine().getOut();
	}

	PrintWriter err() {
		return this.spec.commandLine().getErr();
	}

	int withBeans(ToIntFunction<ConfigurableApplicationContext> work) {
		CfgGrpcApplication.RootCommand root = (CfgGrpcApplication.RootCommand) this.spec.root().userObject();
		return CommandContexts.withBeans(commandName(), root, this.springArguments, err(), work);
	}

	/** The command's name as typed, for messages: {@code token}, {@code apikey create}. */
	String commandName() {
		return this.spec.qualifiedName(" ").substring(this.spec.root().name().length()).strip();
	}

}
