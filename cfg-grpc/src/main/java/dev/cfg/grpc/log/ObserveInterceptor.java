package dev.cfg.grpc.log;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.google.protobuf.MessageLite;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Deadline;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

import dev.cfg.grpc.auth.CallPrincipal;
import dev.cfg.grpc.auth.CallerSlot;

/**
 * The outermost stage of the pipeline: watches every call, message by message and without
 * buffering, and when it ends hands one {@link RequestLogRecord} to the {@link CallObservers}
 * (request log, metrics, console line). Being outermost, it sees calls that authentication
 * refuses, exceptions that the error stage maps, and calls cancelled or timed out. Each call gets
 * a request id, sent back in the {@code x-request-id} trailer.
 */
final class ObserveInterceptor implements ServerInterceptor {

	/** Trailer (and header-style key) carrying the request id. */
	static final Metadata.Key<String> REQUEST_ID_TRAILER = Metadata.Key.of("x-request-id",
			Metadata.ASCII_STRING_MARSHALLER);

	private static final Metadata.Key<String> USER_AGENT = Metadata.Key.of("user-agent",
			Metadata.ASCII_STRING_MARSHALLER);

	private final CallObservers observers;

	private final ActiveCalls active;

	private final MessageJson json;

	private final boolean logRequestData;

	private final boolean logResponseData;

	private final double sampleRate;

	private final Clock clock;

	ObserveInterceptor(CallObservers observers, ActiveCalls active, MessageJson json, boolean logRequestData,
			boolean logResponseData, double sampleRate, Clock clock) {
		this.observers = observers;
		this.active = active;
		this.json = json;
		this.logRequestData = logRequestData;
		this.logResponseData = logResponseData;
		this.sampleRate = sampleRate;
		this.clock = clock;
	}

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		Observation<ReqT, RespT> observation = new Observation<>(call, headers, Context.current().getDeadline());
		this.observers.started(call.getMethodDescriptor());
		this.active.started(new ActiveCalls.ActiveCall(observation.requestId, call.getMethodDescriptor().getFullMethodName(),
				observation.createdAt, observation.peer));
		Context context = observation.slot.attachTo(Context.current()).withValue(RequestIds.KEY, observation.requestId);
		ServerCall.Listener<ReqT> listener;
		try {
			listener = Contexts.interceptCall(context, observation.call, headers, next);
		}
		catch (RuntimeException ex) {
			observation.finish(Status.fromThrowable(ex));
			throw ex;
		}
		return observation.listener(listener);
	}

	private final class Observation<ReqT, RespT> {

		final String requestId = RequestIds.next();

		final CallerSlot slot = new CallerSlot();

		final long startNanos = System.nanoTime();

		final Instant createdAt = ObserveInterceptor.this.clock.instant();

		final ServerCall<ReqT, RespT> call;

		/** The client's address, read from the transport once per call. */
		final SocketAddress remote;

		final String peer;

		final Metadata headers;

		final Deadline deadline;

		final StreamEndings.Ending ending = StreamEndings.KEY.get();

		final AtomicBoolean finished = new AtomicBoolean();

		final AtomicInteger requestCount = new AtomicInteger();

		final AtomicInteger responseCount = new AtomicInteger();

		final AtomicLong requestSize = new AtomicLong();

		final AtomicLong responseSize = new AtomicLong();

		volatile String requestData;

		volatile String responseData;

		Observation(ServerCall<ReqT, RespT> raw, Metadata headers, Deadline deadline) {
			this.remote = raw.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
			this.peer = (this.remote != null) ? truncate(this.remote.toString(), 200) : null;
			this.headers = headers;
			this.deadline = deadline;
			this.call = new SimpleForwardingServerCall<>(raw) {
				@Override
				public void sendMessage(RespT message) {
					Observation.this.responseCount.incrementAndGet();
					Observation.this.responseSize.addAndGet(size(message));
					if (ObserveInterceptor.this.logResponseData && Observation.this.responseData == null) {
						Observation.this.responseData = ObserveInterceptor.this.json.toJson(message);
					}
					super.sendMessage(message);
				}

				@Override
				public void close(Status status, Metadata trailers) {
					trailers.put(REQUEST_ID_TRAILER, Observation.this.requestId);
					// A service that ends a call the client already gave up on (or whose deadline
					// passed) did not serve it: record why the call really ended.
					Status ending = isCancelled() ? cancellation() : status;
					try {
						super.close(status, trailers);
					}
					finally {
						finish(ending);
					}
				}
			};
		}

		ServerCall.Listener<ReqT> listener(ServerCall.Listener<ReqT> delegate) {
			return new SimpleForwardingServerCallListener<>(delegate) {
				@Override
				public void onMessage(ReqT message) {
					Observation.this.requestCount.incrementAndGet();
					Observation.this.requestSize.addAndGet(size(message));
					if (ObserveInterceptor.this.logRequestData && Observation.this.requestData == null) {
						Observation.this.requestData = ObserveInterceptor.this.json.toJson(message);
					}
					super.onMessage(message);
				}

				@Override
				public void onCancel() {
					try {
						super.onCancel();
					}
					finally {
						finish(cancellation());
					}
				}
			};
		}

		Status cancellation() {
			Status transport = (this.ending != null) ? this.ending.status() : null;
			if (transport != null && !transport.isOk() && transport.getCode() != Status.Code.CANCELLED
					&& transport.getCode() != Status.Code.DEADLINE_EXCEEDED) {
				return transport;
			}
			boolean expired = this.deadline != null && this.deadline.isExpired();
			return expired ? Status.DEADLINE_EXCEEDED.withDescription("Deadline exceeded")
					: Status.CANCELLED.withDescription("Cancelled by the client");
		}

		void finish(Status status) {
			if (!this.finished.compareAndSet(false, true)) {
				return;
			}
			ObserveInterceptor.this.active.ended(this.requestId);
			long nanos = System.nanoTime() - this.startNanos;
			boolean ok = status.isOk();
			if (ok && ObserveInterceptor.this.sampleRate < 1.0
					&& ThreadLocalRandom.current().nextDouble() >= ObserveInterceptor.this.sampleRate) {
				ObserveInterceptor.this.observers.finished(null, this.call.getMethodDescriptor(), status, nanos);
				return;
			}
			MethodDescriptor<ReqT, RespT> method = this.call.getMethodDescriptor();
			CallPrincipal caller = this.slot.principal();
			String fullMethod = method.getFullMethodName();
			String serviceName = (method.getServiceName() != null) ? method.getServiceName() : fullMethod;
			String methodName = (method.getBareMethodName() != null) ? method.getBareMethodName() : "unknown";
			RequestLogRecord record = new RequestLogRecord(this.requestId, serviceName, methodName, fullMethod,
					method.getType().name(), this.requestSize.get(), this.responseSize.get(), this.requestCount.get(),
					this.responseCount.get(), this.requestData, this.responseData, kind(status.getCode()),
					status.getCode().name(), ok ? null : status.getDescription(), ok ? null : details(status),
					(int) Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(nanos)),
					(caller != null) ? caller.id() : null, (caller != null) ? caller.username() : null, caller != null,
					(caller != null) ? caller.apiKeyPrefix() : null, clientIp(this.remote), this.headers.get(USER_AGENT), this.peer,
					this.createdAt,
					this.createdAt.plusNanos(nanos));
			ObserveInterceptor.this.observers.finished(record, method, status, nanos);
		}

	}

	static String kind(Status.Code code) {
		return switch (code) {
			case OK -> "success";
			case CANCELLED -> "cancelled";
			case DEADLINE_EXCEEDED -> "timeout";
			default -> "error";
		};
	}

	private static String details(Status status) {
		Throwable cause = status.getCause();
		if (cause == null) {
			return null;
		}
		String text = cause.getClass().getName() + ": " + cause.getMessage();
		return truncate(text, 4000);
	}

	private static String clientIp(SocketAddress remote) {
		if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
			return inet.getAddress().getHostAddress();
		}
		return null;
	}

	private static long size(Object message) {
		return (message instanceof MessageLite protobuf) ? protobuf.getSerializedSize() : 0;
	}

	private static String truncate(String text, int length) {
		return (text == null || text.length() <= length) ? text : text.substring(0, length);
	}

}
