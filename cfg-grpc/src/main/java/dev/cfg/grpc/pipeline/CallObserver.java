package dev.cfg.grpc.pipeline;

/**
 * Told by the observe stage when each call starts and when it has ended, with the call's
 * {@link CallContext}. The request log, the metrics and the calls in flight are observers; an
 * application may declare its own as a bean. Observers run on the call's own thread, so they must
 * be quick and must not block; one that throws is logged and does not affect the call or the
 * other observers.
 */
public interface CallObserver {

	/**
	 * A call has started; it has a request id and a method but no caller yet.
	 * @param call the call
	 */
	default void started(CallContext call) {
	}

	/**
	 * A call has ended: its final status, outcome, duration, sizes and caller are known. Every
	 * observer is handed the same immutable value.
	 * @param call the finished call
	 */
	void completed(CallCompleted call);

}
