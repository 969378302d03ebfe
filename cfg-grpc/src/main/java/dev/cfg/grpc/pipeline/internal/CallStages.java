package dev.cfg.grpc.pipeline.internal;

import io.grpc.ServerServiceDefinition;

import dev.cfg.grpc.pipeline.CallContext;
import dev.cfg.grpc.pipeline.CallerIdentity;

/**
 * What the stages of the pipeline (auth, guards) and the server's binding may write into a call,
 * which application code may not: an application cannot make itself a caller or change how a call
 * is recorded. One bean, made by the pipeline's auto-configuration and handed to the stages that
 * need it.
 */
public interface CallStages {

	/**
	 * Makes a user the caller. Called by the auth stage, once, before the service sees the call.
	 * @param call the call
	 * @param caller the caller
	 * @throws IllegalStateException when the call already has a caller
	 */
	void identify(CallContext call, CallerIdentity caller);

	/**
	 * Marks the call as one that must not write to the database; it cannot be undone.
	 * @param call the call
	 */
	void markReadOnly(CallContext call);

	/**
	 * The same service, whose request messages are parsed under guard: bytes that do not parse
	 * end the call through the observe stage, with its request id, instead of failing in grpc-java.
	 * @param service a bound service
	 * @return the guarded definition, with the same descriptors for reflection
	 */
	ServerServiceDefinition guardRequests(ServerServiceDefinition service);

}
