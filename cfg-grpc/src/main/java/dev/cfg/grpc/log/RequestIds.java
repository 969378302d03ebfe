package dev.cfg.grpc.log;

import java.util.Optional;

import io.grpc.Context;

/** The request id of the call being served, as the request log and the x-request-id trailer carry it. */
public final class RequestIds {

	static final Context.Key<String> KEY = Context.key("cfg-grpc-request-id");

	private RequestIds() {
	}

	/**
	 * The current call's request id.
	 * @return the id, or empty outside a call
	 */
	public static Optional<String> current() {
		return Optional.ofNullable(KEY.get());
	}

}
