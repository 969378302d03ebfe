package dev.cfg.grpc.auth;

import java.util.Optional;

import io.grpc.Context;

/**
 * The caller of the gRPC call being served on this thread. cfg-grpc's auth interceptor attaches
 * it to the call's {@link Context}, so it is visible in every callback of that call and in no
 * other call.
 */
public final class CurrentCaller {

	static final Context.Key<CallPrincipal> KEY = Context.key("cfg-grpc-caller");

	private CurrentCaller() {
	}

	/**
	 * The caller of the current call.
	 * @return the principal, or empty for an anonymous call or outside a call
	 */
	public static Optional<CallPrincipal> get() {
		return Optional.ofNullable(KEY.get());
	}

}
