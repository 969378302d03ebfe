package dev.cfg.grpc.pipeline;

import java.util.List;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.protobuf.StatusProto;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The outermost stage of the pipeline: watches every call, message by message and without
 * buffering, through its {@link CallContext}, and tells the {@link CallObserver}s (request log,
 * metrics, calls in flight) when it starts and when it has ended. Being outermost, it sees calls
 * that authentication refuses, exceptions that the error stage maps, and calls cancelled or timed
 * out. Every answer carries the request id in the {@code x-request-id} trailer.
 */
final class ObserveInterceptor implements ServerInterceptor {

	private static final Log logger = LogFactory.getLog(ObserveInterceptor.class);

	/** Trailer carrying the request id. */
	/** Where rich error details travel: a serialized {@code google.rpc.Status}. */
	private static final Metadata.Key<byte[]> STATUS_DETAILS = Metadata.Key.of("grpc-status-details-bin",
			Metadata.BINARY_BYTE_MARSHALLER);

	static final Metadata.Key<String> REQUEST_ID_TRAILER = Metadata.Key.of("x-request-id",
			Metadata.ASCII_STRING_MARSHALLER);

	private final CallObserver[] observers;

	private final CallStart start;

	ObserveInterceptor(List<CallObserver> observers, CallStart start) {
		this.observers = observers.toArray(CallObserver[]::new);
		this.start = start;
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
		ServerCall<ReqT, RespT> observed = new SimpleForwardingServerCall<>(call) {
			@Override
			public void sendMessage(RespT message) {
				context.sent(message);
				super.sendMessage(message);
			}

			@Override
			public void close(Status status, Metadata trailers) {
				trailers.put(REQUEST_ID_TRAILER, context.requestId());
				context.mergeTrailersInto(trailers);
				if (!status.isOk() && trailers.containsKey(STATUS_DETAILS)) {
					context.statusDetails(details(status, trailers));
				}
				boolean cancelled = isCancelled();
				try {
					super.close(status, trailers);
				}
				finally {
					end(context, status, cancelled);
				}
			}
		};
		ServerCall.Listener<ReqT> listener;
		try {
			// The tracer's context is already the call's; otherwise attach this one around every callback.
			listener = (traced != null) ? next.startCall(observed, headers)
					: Contexts.interceptCall(Context.current().withValue(CallContext.KEY, context), observed, headers,
							next);
		}
		catch (RuntimeException ex) {
			end(context, Status.fromThrowable(ex), false);
			throw ex;
		}
		// Once a request could not be read, the service hears nothing more of the call.
		return new SimpleForwardingServerCallListener<>(listener) {
			@Override
			public void onMessage(ReqT message) {
				context.received(message);
				Status unreadable = context.refusedRequest();
				if (unreadable == null) {
					super.onMessage(message);
				}
				else if (context.status() == null) {
					refuse(unreadable);
				}
			}

			@Override
			public void onHalfClose() {
				if (context.refusedRequest() == null) {
					super.onHalfClose();
				}
			}

			@Override
			public void onReady() {
				if (context.refusedRequest() == null) {
					super.onReady();
				}
			}

			private void refuse(Status unreadable) {
				Throwable cause = unreadable.getCause();
				logger.warn("Refused an unreadable request to " + context.fullMethodName() + " (request id "
						+ context.requestId() + "): " + unreadable.getCode() + " " + unreadable.getDescription()
						+ ((cause != null) ? " (" + cause.getMessage() + ")" : ""));
				observed.close(unreadable, new Metadata());
			}

			@Override
			public void onCancel() {
				try {
					super.onCancel();
				}
				finally {
					end(context, null, true);
				}
			}
		};
	}

	private static com.google.rpc.Status details(Status status, Metadata trailers) {
		try {
			return StatusProto.fromStatusAndTrailers(status, trailers);
		}
		catch (RuntimeException ex) {
			// Details that do not parse are the service's business; the call's status stands.
			return null;
		}
	}

	private void end(CallContext context, Status status, boolean cancelled) {
		if (!context.end(status, cancelled)) {
			return;
		}
		for (CallObserver observer : this.observers) {
			try {
				observer.completed(context);
			}
			catch (RuntimeException ex) {
				logger.warn("Call observer " + observer.getClass().getName() + " failed on call "
						+ context.requestId() + ": " + ex);
			}
		}
	}

}
