package dev.cfg.grpc.auth;

import java.util.Optional;

import dev.cfg.grpc.pipeline.CallContext;

/**
 * The caller of the gRPC call being served on this thread. cfg-grpc's auth stage records it in the
 * call's {@link CallContext}, so it is visible in every callback of that call and in no other call.
 */
public final class CurrentCaller {

	private CurrentCaller() {
	}

	/**
	 * The caller of the current call.
	 * @return the principal, or empty for an anonymous call or outside a call
	 */
	public static Optional<CallPrincipal> get() {
		return CallContext.current()
			.flatMap(CallContext::caller)
			.filter(CallPrincipal.class::isInstance)
			.map(CallPrincipal.class::cast);
	}

}
