package dev.cfg.grpc.server;

import java.util.List;

import io.grpc.BindableService;

import org.springframework.grpc.server.service.GrpcServiceDiscoverer;
import org.springframework.grpc.server.service.GrpcServiceSpec;

import dev.cfg.grpc.pipeline.internal.CallStages;

/**
 * Hands Boot's server the services of the {@link ServiceRegistry}, so that what is served and
 * what is reported (startup log, {@code check}, monitoring) come from one checked list.
 */
final class RegistryServiceDiscoverer implements GrpcServiceDiscoverer {

	private final ServiceRegistry registry;

	private final CallStages stages;

	RegistryServiceDiscoverer(ServiceRegistry registry, CallStages stages) {
		this.registry = registry;
		this.stages = stages;
	}

	@Override
	public List<GrpcServiceSpec> findServices() {
		return this.registry.specs()
			.stream()
			.map((spec) -> new GrpcServiceSpec(guarded(spec.service()), spec.serviceInfo()))
			.toList();
	}

	/** Unreadable request messages end their call with a status instead of an error in grpc-java. */
	private BindableService guarded(BindableService service) {
		return () -> this.stages.guardRequests(service.bindService());
	}

	@Override
	public List<String> listServiceNames() {
		return this.registry.services().stream().map(ServiceRegistry.ServedService::name).toList();
	}

}
