package dev.cfg.grpc.pipeline;

import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;

/**
 * The first part of the observe stage: creates each call's {@link CallContext} as soon as its
 * stream opens, before any interceptor runs, and hears from the transport how the stream really
 * ended. When the transport ends a call itself (a request over the size limit, say), the
 * interceptors only hear "cancelled"; this tracer hears the real status.
 */
final class CallTracer extends ServerStreamTracer.Factory {

	private final CallStart start;

	CallTracer(CallStart start) {
		this.start = start;
	}

	@Override
	public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
		return new Tracer(this.start.open(fullMethodName, headers));
	}

	private static final class Tracer extends ServerStreamTracer {

		private final CallContext call;

		Tracer(CallContext call) {
			this.call = call;
		}

		@Override
		public Context filterContext(Context context) {
			return context.withValue(CallContext.KEY, this.call);
		}

		@Override
		public void streamClosed(Status status) {
			this.call.transportEnded(status);
		}

	}

}
