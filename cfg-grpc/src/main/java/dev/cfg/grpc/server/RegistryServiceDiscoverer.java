package dev.cfg.grpc.server;

import java.util.List;

import org.springframework.grpc.server.service.GrpcServiceDiscoverer;
import org.springframework.grpc.server.service.GrpcServiceSpec;

/**
 * Hands Boot's server the services of the {@link ServiceRegistry}, so that what is served and
 * what is reported (startup log, {@code check}, monitoring) come from one checked list.
 */
final class RegistryServiceDiscoverer implements GrpcServiceDiscoverer {

	private final ServiceRegistry registry;

	RegistryServiceDiscoverer(ServiceRegistry registry) {
		this.registry = registry;
	}

	@Override
	public List<GrpcServiceSpec> findServices() {
		return this.registry.specs();
	}

	@Override
	public List<String> listServiceNames() {
		return this.registry.services().stream().map(ServiceRegistry.ServedService::name).toList();
	}

}
