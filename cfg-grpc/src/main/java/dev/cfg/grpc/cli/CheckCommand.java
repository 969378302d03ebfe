package dev.cfg.grpc.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;


import dev.cfg.grpc.config.CfgGrpcProperties;
import dev.cfg.grpc.server.ServiceRegistry;

/**
 * {@code check}: validates the configuration and lists the services the server would serve,
 * without opening a port. Exits 0 when the application would start, 1 when it would not.
 */
@CommandLine.Command(name = "check",
		description = "Validate the configuration and list the services, without opening a port.")
final class CheckCommand implements Callable<Integer> {

	@CommandLine.ParentCommand
	private CfgGrpcApplication.RootCommand root;

	@CommandLine.Spec
	private CommandLine.Model.CommandSpec spec;

	@CommandLine.Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help.")
	boolean help;

	@CommandLine.Unmatched
	List<String> springArguments = new ArrayList<>();

	@Override
	public Integer call() {
		var out = this.spec.commandLine().getOut();
		var err = this.spec.commandLine().getErr();
		return CommandContexts.withBeans("check", this.root, this.springArguments, err, (context) -> {
			CfgGrpcProperties properties = context.getBean(CfgGrpcProperties.class);
			out.println("check: configuration is valid.");
			if (!properties.enabled()) {
				out.println("gRPC is turned off (cfg.grpc.enabled=false).");
				return 0;
			}
			ServiceRegistry registry = context.getBean(ServiceRegistry.class);
			String port = context.getEnvironment().getProperty("spring.grpc.server.port", "9090");
			out.println("gRPC server would listen on " + properties.server().host() + " port " + port + " and serve "
					+ registry.services().size() + " services:");
			out.println(registry.describe());
			return 0;
		});
	}

}
