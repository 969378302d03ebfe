package dev.cfg.grpc.pipeline.internal;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.ServerCall;

/**
 * Runs every callback of a call ({@code onMessage}, {@code onHalfClose}, {@code onCancel},
 * {@code onComplete}, {@code onReady}) inside something set up before it and torn down after it:
 * a Spring Security context, a transaction. Stages that need such a scope for the service code of
 * a call wrap the call's listener with it.
 */
@FunctionalInterface
public interface AroundEveryCallback {

	/**
	 * Runs one callback inside the scope.
	 * @param callback the listener's callback
	 */
	void run(Runnable callback);

	/**
	 * A listener that runs each of its delegate's callbacks through this scope.
	 * @param <ReqT> the request message type
	 * @param listener the listener to wrap
	 * @return the wrapping listener
	 */
	default <ReqT> ServerCall.Listener<ReqT> wrap(ServerCall.Listener<ReqT> listener) {
		AroundEveryCallback scope = this;
		return new SimpleForwardingServerCallListener<>(listener) {
			@Override
			public void onMessage(ReqT message) {
				scope.run(() -> super.onMessage(message));
			}

			@Override
			public void onHalfClose() {
				scope.run(super::onHalfClose);
			}

			@Override
			public void onCancel() {
				scope.run(super::onCancel);
			}

			@Override
			public void onComplete() {
				scope.run(super::onComplete);
			}

			@Override
			public void onReady() {
				scope.run(super::onReady);
			}
		};
	}

}
