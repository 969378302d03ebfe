package dev.cfg.grpc.pipeline;

import io.grpc.ServerServiceDefinition;

import dev.cfg.grpc.pipeline.internal.CallStages;

/** The pipeline's side of {@link CallStages}: the only way into a call's context's writers from outside this package. */
final class PipelineStages implements CallStages {

	@Override
	public void identify(CallContext call, CallerIdentity caller) {
		call.identify(caller);
	}

	@Override
	public void markReadOnly(CallContext call) {
		call.markReadOnly();
	}

	@Override
	public ServerServiceDefinition guardRequests(ServerServiceDefinition service) {
		return MalformedRequests.guard(service);
	}

}
