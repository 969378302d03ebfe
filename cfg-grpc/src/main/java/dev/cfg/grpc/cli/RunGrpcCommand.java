package dev.cfg.grpc.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code rungrpc}: starts the gRPC server and, unless {@code --no-http}, the HTTP server, in one
 * process. Its flags override the configuration.
 */
@CommandLine.Command(name = RunGrpcCommand.NAME, description = "Start the gRPC server (and the HTTP server).")
final class RunGrpcCommand implements Callable<Integer> {

	static final String NAME = "rungrpc";

	@CommandLine.ParentCommand
	private CfgGrpcApplication.RootCommand root;

	@CommandLine.Option(names = "--host", paramLabel = "HOST", description = "Address to listen on.")
	String host;

	@CommandLine.Option(names = "--port", paramLabel = "PORT", description = "gRPC port (0 or 1024-65535).")
	Integer port;

	@CommandLine.Option(names = "--http-port", paramLabel = "PORT", description = "HTTP port (the admin, monitoring, tokens).")
	Integer httpPort;

	@CommandLine.Option(names = "--workers", paramLabel = "N", description = "Threads that run service code.")
	Integer workers;

	@CommandLine.Option(names = "--no-reflection", description = "Do not serve gRPC reflection.")
	boolean noReflection;

	@CommandLine.Option(names = "--no-health-check", description = "Do not serve grpc.health.v1.")
	boolean noHealthCheck;

	@CommandLine.Option(names = "--no-http", description = "Do not start the HTTP server.")
	boolean noHttp;

	@CommandLine.Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help.")
	boolean help;

	@CommandLine.Unmatched
	List<String> springArguments = new ArrayList<>();

	private ConfigurableApplicationContext context;

	@CommandLine.Spec
	private CommandLine.Model.CommandSpec spec;

	@Override
	public Integer call() {
		try {
			this.context = this.root.launcher().start(springArguments());
		}
		catch (RuntimeException ex) {
			// Spring Boot has reported why (a setting or a port without a trace); the reason again,
			// as the last line, where a person looks first.
			this.spec.commandLine().getErr().println(NAME + ": the application did not start: " + CommandContexts.reason(ex));
			return 1;
		}
		return CfgGrpcApplication.KEEP_RUNNING;
	}

	/** The running application, once started. */
	ConfigurableApplicationContext context() {
		return this.context;
	}

	/**
	 * The flags as Spring properties, after the Spring-style arguments so they win. A flag sets
	 * both names of a setting, so it overrides {@code spring.grpc.server.*} in the configuration
	 * too instead of conflicting with it.
	 */
	List<String> springArguments() {
		List<String> arguments = new ArrayList<>(this.springArguments);
		if (this.host != null) {
			arguments.add("--cfg.grpc.server.host=" + this.host);
		}
		if (this.port != null) {
			arguments.add("--cfg.grpc.server.port=" + this.port);
			arguments.add("--spring.grpc.server.port=" + this.port);
		}
		if (this.httpPort != null) {
			arguments.add("--server.port=" + this.httpPort);
		}
		if (this.workers != null) {
			arguments.add("--cfg.grpc.server.max-workers=" + this.workers);
		}
		if (this.noReflection) {
			arguments.add("--cfg.grpc.server.enable-reflection=false");
			arguments.add("--spring.grpc.server.reflection.enabled=false");
		}
		if (this.noHealthCheck) {
			arguments.add("--cfg.grpc.server.enable-health-check=false");
			arguments.add("--spring.grpc.server.health.enabled=false");
		}
		if (this.noHttp) {
			arguments.add("--spring.main.web-application-type=none");
		}
		return arguments;
	}

}
