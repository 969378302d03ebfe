package dev.cfg.grpc.log;

import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;

/**
 * Learns from the transport how each call's stream ended. When the transport ends a call itself
 * (a request over the size limit, say), the service side only hears "cancelled"; this tracer hears
 * the real status, so the request log records RESOURCE_EXHAUSTED rather than a cancellation.
 */
final class StreamEndings extends ServerStreamTracer.Factory {

	static final Context.Key<Ending> KEY = Context.key("cfg-grpc-stream-ending");

	@Override
	public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
		return new Ending();
	}

	/** The status one stream closed with, once it has closed. */
	static final class Ending extends ServerStreamTracer {

		private volatile Status status;

		@Override
		public Context filterContext(Context context) {
			return context.withValue(KEY, this);
		}

		@Override
		public void streamClosed(Status status) {
			this.status = status;
		}

		Status status() {
			return this.status;
		}

	}

}
