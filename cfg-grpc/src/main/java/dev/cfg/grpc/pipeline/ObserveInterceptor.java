package dev.cfg.grpc.pipeline;

import java.util.List;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The outermost stage of the pipeline: watches every call, message by message and without
 * buffering, through its {@link CallContext}, and closes every call through one
 * {@link ClosingCall}, which ends the context and tells the {@link CallObserver}s (request log,
 * metrics, calls in flight, call events). Being outermost, it sees calls that authentication
 * refuses, exceptions that the error stage maps, and calls cancelled or timed out. Inner stages
 * refuse a call by throwing a status; what escapes every stage (an unknown method's refusal, a
 * failure in a stage outside the error stage) is closed here, as INTERNAL unless it is a status.
 * Once a call is closed the service hears nothing more of it but its end. Every answer carries
 * the request id in the {@code x-request-id} trailer.
 */
final class ObserveInterceptor implements ServerInterceptor {

	private static final Log logger = LogFactory.getLog(ObserveInterceptor.class);

	private final CallObserver[] observers;

	private final CallStart start;

	private final long maxResponseBytes;

	ObserveInterceptor(List<CallObserver> observers, CallStart start, long maxResponseBytes) {
		this.observers = observers.toArray(CallObserver[]::new);
		this.start = start;
		this.maxResponseBytes = maxResponseBytes;
	}

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		CallContext traced = CallContext.KEY.get();
		// Without the tracer (a server built without cfg-grpc's customizers) the context starts here.
		CallContext context = (traced != null) ? traced
				: this.start.open(call.getMethodDescriptor().getFullMethodName(), headers);
		context.arrived(call.getMethodDescriptor(), call.getAttributes(), Context.current().getDeadline());
		for (CallObserver observer : this.observers) {
			try {
				observer.started(context);
			}
			catch (RuntimeException ex) {
				logger.warn("Call observer " + observer.getClass().getName() + " failed on start: " + ex);
			}
		}
		ClosingCall<ReqT, RespT> closing = new ClosingCall<>(call, context, this::completed, this.maxResponseBytes);
		Status refused = context.entryRefusal();
		if (refused != null) {
			// The HTTP entry point could not read the body: the call ends here, logged like any other.
			closing.close(refused, new Metadata());
			return new ServerCall.Listener<>() {
			};
		}
		ServerCall.Listener<ReqT> listener;
		try {
			// The tracer's context is already the call's; otherwise attach this one around every callback.
			listener = (traced != null) ? next.startCall(closing, headers)
					: Contexts.interceptCall(Context.current().withValue(CallContext.KEY, context), closing, headers,
							next);
		}
		catch (RuntimeException ex) {
			closing.fail(ex);
			return new ServerCall.Listener<>() {
			};
		}
		return new SimpleForwardingServerCallListener<>(listener) {
			@Override
			public void onMessage(ReqT message) {
				context.traffic.received(message);
				Status unreadable = context.refusedRequest();
				if (unreadable != null) {
					refuse(unreadable);
				}
				else if (!closing.closed()) {
					super.onMessage(message);
				}
			}

			@Override
			public void onHalfClose() {
				if (!closing.closed()) {
					super.onHalfClose();
				}
			}

			@Override
			public void onReady() {
				if (!closing.closed()) {
					super.onReady();
				}
			}

			private void refuse(Status unreadable) {
				if (closing.closed()) {
					return;
				}
				Throwable cause = unreadable.getCause();
				logger.warn("Refused an unreadable request to " + context.fullMethodName() + " (request id "
						+ context.requestId() + "): " + unreadable.getCode() + " " + unreadable.getDescription()
						+ ((cause != null) ? " (" + cause.getMessage() + ")" : ""));
				closing.close(unreadable, new Metadata());
			}

			@Override
			public void onCancel() {
				try {
					super.onCancel();
				}
				finally {
					closing.cancelled();
				}
			}
		};
	}

	private void completed(CallCompleted call) {
		for (CallObserver observer : this.observers) {
			try {
				observer.completed(call);
			}
			catch (RuntimeException ex) {
				logger.warn("Call observer " + observer.getClass().getName() + " failed on call " + call.requestId()
						+ ": " + ex);
			}
		}
	}

}
