package dev.cfg.grpc.server;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

import com.google.protobuf.MessageLite;

/**
 * Enforces {@code cfg.grpc.server.max-send-message-length}: a response message over the limit is
 * not sent, and the call ends with RESOURCE_EXHAUSTED. grpc-java has no server-side limit for
 * outgoing messages. Protobuf caches a message's size, so measuring it costs nothing extra.
 */
final class ResponseSizeLimitInterceptor implements ServerInterceptor {

	private final long maxBytes;

	ResponseSizeLimitInterceptor(long maxBytes) {
		this.maxBytes = maxBytes;
	}

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		return next.startCall(new LimitedCall<>(call, this.maxBytes), headers);
	}

	private static final class LimitedCall<ReqT, RespT> extends SimpleForwardingServerCall<ReqT, RespT> {

		private final long maxBytes;

		private volatile boolean exceeded;

		LimitedCall(ServerCall<ReqT, RespT> delegate, long maxBytes) {
			super(delegate);
			this.maxBytes = maxBytes;
		}

		@Override
		public void sendMessage(RespT message) {
			if (this.exceeded) {
				return;
			}
			if (message instanceof MessageLite protobuf && protobuf.getSerializedSize() > this.maxBytes) {
				this.exceeded = true;
				super.close(Status.RESOURCE_EXHAUSTED.withDescription("Response message is "
						+ protobuf.getSerializedSize() + " bytes, larger than the server's limit of " + this.maxBytes
						+ " bytes"), new Metadata());
				return;
			}
			super.sendMessage(message);
		}

		@Override
		public void close(Status status, Metadata trailers) {
			// The call was already closed with RESOURCE_EXHAUSTED; the service does not know yet.
			if (!this.exceeded) {
				super.close(status, trailers);
			}
		}

	}

}
