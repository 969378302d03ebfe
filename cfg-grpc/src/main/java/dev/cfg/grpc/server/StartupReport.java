package dev.cfg.grpc.server;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.event.EventListener;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;

import dev.cfg.grpc.config.CfgGrpcProperties;

/**
 * Logs one block, when the server has started, listing every service and method with its kind;
 * warns, saying where it looked, when there is nothing to serve.
 */
final class StartupReport implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(StartupReport.class);

	private final ServiceRegistry registry;

	private final CfgGrpcProperties properties;

	private final String executorDescription;

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
		logger.info("gRPC server listening on " + event.getAddress() + " (port " + event.getPort()
				+ "), running service code on " + this.executorDescription + ". Serving:" + System.lineSeparator()
				+ this.registry.describe());
	}

}
