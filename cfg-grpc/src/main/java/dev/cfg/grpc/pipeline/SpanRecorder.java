package dev.cfg.grpc.pipeline;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;

/**
 * Writes each call's trace and span ids into its {@link CallContext}, so the request log, the call
 * events and service code see where the call sits in its W3C trace. The span itself is Spring
 * Boot's: its observation stage reads the client's {@code traceparent} and opens the server span
 * (or a new trace) just outside this stage, which only reads the span it finds current.
 */
final class SpanRecorder implements ServerInterceptor {

	private final Tracer tracer;

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
			}
		}
		return next.startCall(call, headers);
	}

}
