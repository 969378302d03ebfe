package dev.cfg.grpc.auth;

import io.grpc.Context;

/**
 * A per-call place where authentication leaves the caller for the outer stages of the pipeline
 * (the request log, metrics), which run before it and end after it. Reading the gRPC
 * {@link Context} when a call closes does not work for that: the exception path closes calls
 * outside the context auth attached.
 */
public final class CallerSlot {

	static final Context.Key<CallerSlot> KEY = Context.key("cfg-grpc-caller-slot");

	private volatile CallPrincipal principal;

	/**
	 * Makes a slot available to the stages a call passes through next.
	 * @param context the context the call continues in
	 * @return that context with this slot
	 */
	public Context attachTo(Context context) {
		return context.withValue(KEY, this);
	}

	/**
	 * The caller authentication found, if any.
	 * @return the principal, or null for an anonymous or refused call
	 */
	public CallPrincipal principal() {
		return this.principal;
	}

	static void fill(CallPrincipal principal) {
		CallerSlot slot = KEY.get();
		if (slot != null) {
			slot.principal = principal;
		}
	}

}
