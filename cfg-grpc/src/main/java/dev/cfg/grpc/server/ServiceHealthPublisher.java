package dev.cfg.grpc.server;

import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;

/**
 * Reports every served service as SERVING in {@code grpc.health.v1} once the server has started
 * (Boot reports only the overall status, {@code ""}), and every service, the overall status
 * included, as NOT_SERVING as soon as shutdown begins, while calls in flight still drain.
 */
final class ServiceHealthPublisher {

	private final ObjectProvider<HealthStatusManager> health;

	private final ServiceRegistry registry;

	ServiceHealthPublisher(ObjectProvider<HealthStatusManager> health, ServiceRegistry registry) {
		this.health = health;
		this.registry = registry;
	}

	@EventListener
	void serverStarted(GrpcServerStartedEvent event) {
		this.health.ifAvailable((health) -> {
			for (ServiceRegistry.ServedService service : this.registry.services()) {
				health.setStatus(service.name(), ServingStatus.SERVING);
			}
		});
	}

	@EventListener
	void shutdownStarted(ContextClosedEvent event) {
		// Sets NOT_SERVING everywhere and ignores later updates, so Boot's health schedule
		// cannot turn a service back to SERVING while the server drains.
		this.health.ifAvailable(HealthStatusManager::enterTerminalState);
	}

}
