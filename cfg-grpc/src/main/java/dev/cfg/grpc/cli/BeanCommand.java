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

	/** Runs the work with cfg-grpc's stores and settings only, which starts in a few seconds. */
	int withStores(ToIntFunction<ConfigurableApplicationContext> work) {
		return CommandContexts.withStores(commandName(), root(), this.springArguments, err(), work);
	}

	/** Runs the work with the whole application, without its servers. */
	int withApplication(ToIntFunction<ConfigurableApplicationContext> work) {
		return CommandContexts.withApplication(commandName(), root(), this.springArguments, err(), work);
	}

	private CfgGrpcApplication.RootCommand root() {
		return (CfgGrpcApplication.RootCommand) this.spec.root().userObject();
	}

	/** The command's name as typed, for messages: {@code token}, {@code apikey create}. */
	String commandName() {
		return this.spec.qualifiedName(" ").substring(this.spec.root().name().length()).strip();
	}

}
