package dev.cfg.grpc.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;

import picocli.CommandLine;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the commands that need the application's beans but no server share: the launcher, the
 * output streams, {@code --help}, and the Spring-style arguments passed through.
 */
abstract class BeanCommand implements Callable<Integer> {

	@CommandLine.ParentCommand
	CfgGrpcApplication.RootCommand root;

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
		return CommandContexts.withBeans(this.spec.name(), this.root, this.springArguments, err(), work);
	}

}
