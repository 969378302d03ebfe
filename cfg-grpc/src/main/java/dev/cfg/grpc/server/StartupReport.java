package dev.cfg.grpc.server;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;
import org.springframework.util.ClassUtils;

import dev.cfg.grpc.config.CfgGrpcProperties;

/**
 * Logs one block, when the server has started, listing every service and method with its kind,
 * and a short one when the application is ready, with the addresses to reach it; warns, saying
 * where it looked, when there is nothing to serve.
 */
final class StartupReport implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(StartupReport.class);

	private final ServiceRegistry registry;

	private final CfgGrpcProperties properties;

	private final String executorDescription;

	private volatile String grpcAddresses;

	StartupReport(ServiceRegistry registry, CfgGrpcProperties properties, String executorDescription) {
		this.registry = registry;
		this.properties = properties;
		this.executorDescription = executorDescription;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.registry.services().isEmpty()) {
			logger.warn("No gRPC services to serve, so the gRPC server does not start. Looked for beans implementing "
					+ "io.grpc.BindableService, in the packages of " + ServiceDiscoveryRegistrar.ENABLED_APPS + " "
					+ (this.properties.autoRegisterApps() ? this.properties.enabledApps() : "(off: auto-register-apps=false)")
					+ " and in the classes of " + ServiceDiscoveryRegistrar.CUSTOM_SERVICES + " "
					+ this.properties.customServices() + ".");
		}
	}

	@EventListener
	void serverStarted(GrpcServerStartedEvent event) {
		this.grpcAddresses = addresses(event.getServer().getListenSockets());
		logger.info("gRPC server listening on " + this.grpcAddresses + ", running service code on "
				+ this.executorDescription + ". Serving:" + System.lineSeparator() + this.registry.describe());
	}

	/**
	 * Once everything has started: where to reach the server, gRPC and HTTP, with cfg-grpc's HTTP
	 * endpoints, in a few lines a person can copy from.
	 */
	@EventListener
	void ready(ApplicationReadyEvent event) {
		if (this.grpcAddresses == null) {
			return;
		}
		Environment environment = event.getApplicationContext().getEnvironment();
		StringBuilder text = new StringBuilder("Ready. gRPC: ").append(this.grpcAddresses);
		String httpPort = environment.getProperty("local.server.port");
		if (httpPort != null) {
			String http = "http://127.0.0.1:" + httpPort;
			String line = System.lineSeparator() + "  ";
			text.append(line).append("HTTP: ").append(http);
			if (environment.getProperty("cfg.grpc.admin.enabled", Boolean.class, true)) {
				text.append(line).append("admin:      ").append(http)
					.append(environment.getProperty("cfg.grpc.admin.path", "/admin")).append('/');
			}
			if (environment.getProperty("cfg.grpc.monitor.enabled", Boolean.class, true)) {
				text.append(line).append("monitoring: ").append(http).append("/cfg/grpc/monitor/overview/ (staff)");
			}
			if (environment.getProperty("cfg.grpc.users.enabled", Boolean.class, true)) {
				text.append(line).append("tokens:     POST ").append(http).append("/cfg/auth/token/");
			}
			if (ClassUtils.isPresent("org.springdoc.core.configuration.SpringDocConfiguration", null)) {
				text.append(line).append("OpenAPI:    ").append(http)
					.append(environment.getProperty("springdoc.api-docs.path", "/v3/api-docs"))
					.append("/cfg-grpc-monitor (staff)");
			}
			text.append(line).append("health:     ").append(http).append("/actuator/health");
		}
		logger.info(text);
	}

	/** Listening addresses as a person writes them: {@code [::]:50051}, {@code 0.0.0.0:50051}, {@code 127.0.0.1:50051}. */
	static String addresses(List<? extends SocketAddress> sockets) {
		List<String> written = new ArrayList<>();
		for (SocketAddress socket : sockets) {
			if (socket instanceof InetSocketAddress inet && inet.getAddress() != null) {
				InetAddress address = inet.getAddress();
				String host = address.isAnyLocalAddress() ? ((address instanceof Inet6Address) ? "[::]" : "0.0.0.0")
						: (address instanceof Inet6Address) ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
				written.add(host + ":" + inet.getPort());
			}
			else {
				written.add(String.valueOf(socket));
			}
		}
		return String.join(", ", written);
	}

}
