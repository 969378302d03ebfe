package dev.cfg.grpc.cli;

import picocli.CommandLine;

import dev.cfg.grpc.config.CfgGrpcProperties;
import dev.cfg.grpc.server.ServiceRegistry;

/**
 * {@code check}: validates the configuration and lists the services the server would serve,
 * without opening a port. Exits 0 when the application would start, 1 when it would not.
 */
@CommandLine.Command(name = "check",
		description = "Validate the configuration and list the services, without opening a port.")
final class CheckCommand extends BeanCommand {

	@Override
	public Integer call() {
		var out = out();
		return withApplication((context) -> {
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
