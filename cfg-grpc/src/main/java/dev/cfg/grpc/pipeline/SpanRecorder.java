package dev.cfg.grpc.pipeline;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;

/**
 * Ties each call's span and its request log row together, both ways. As the call starts, it writes
 * the trace and span ids into the call's {@link CallContext}, so the request log, the call events
 * and service code see where the call sits in its W3C trace. As the call ends, it reads the
 * finished call ({@link CallCompleted}) and tags the span with what the trace does not know: the
 * request id (to find the log row from a trace), the caller and the log's outcome.
 * <p>
 * The span itself is Spring Boot's: its observation stage reads the client's {@code traceparent}
 * and opens the server span (or a new trace) just outside this stage, and ends it after the call
 * has closed, so the span is still open when the observers run inside the close.
 */
final class SpanRecorder implements ServerInterceptor, CallObserver {

	/** Span attribute with the call's request id, the key of its request log row. */
	static final String REQUEST_ID = "cfg.request_id";

	/** Span attribute with the caller's username, on signed-in calls. */
	static final String USER = "cfg.user";

	/** Span attribute with the API key's prefix, on calls made with a key. */
	static final String API_KEY = "cfg.api_key";

	/** Span attribute with the request log's outcome word. */
	static final String OUTCOME = "cfg.outcome";

	private final Tracer tracer;

	/**
	 * Open spans by request id, from this stage until the call's end. Every call that passes this
	 * stage has a context whose end the observe stage reports (one close path, cancellations
	 * included), which removes its entry: the map holds the calls in flight, no more.
	 */
	private final Map<String, Span> open = new ConcurrentHashMap<>();

	SpanRecorder(Tracer tracer) {
		this.tracer = tracer;
	}

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		Span span = this.tracer.currentSpan();
		CallContext context = CallContext.KEY.get();
		if (span != null && context != null) {
			TraceContext ids = span.context();
			if (!ids.traceId().isEmpty()) {
				context.traced(ids.traceId(), ids.spanId());
				this.open.put(context.requestId(), span);
			}
		}
		return next.startCall(call, headers);
	}

	@Override
	public void completed(CallCompleted call) {
		Span span = this.open.remove(call.requestId());
		if (span == null) {
			return;
		}
		span.tag(REQUEST_ID, call.requestId());
		span.tag(OUTCOME, call.outcome().word());
		CallerIdentity caller = call.caller();
		if (caller != null) {
			span.tag(USER, caller.username());
			if (caller.apiKeyPrefix() != null) {
				span.tag(API_KEY, caller.apiKeyPrefix());
			}
		}
	}

	/**
	 * Calls in flight with an open span.
	 * @return how many
	 */
	int open() {
		return this.open.size();
	}

}
