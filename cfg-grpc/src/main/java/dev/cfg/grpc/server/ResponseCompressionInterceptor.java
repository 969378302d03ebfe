package dev.cfg.grpc.server;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Compresses responses with {@code cfg.grpc.server.compression}. gRPC falls back to no
 * compression for a client that does not accept the encoding.
 */
final class ResponseCompressionInterceptor implements ServerInterceptor {

	private final String encoding;

	ResponseCompressionInterceptor(String encoding) {
		this.encoding = encoding;
	}

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		if (this.encoding != null) {
			call.setCompression(this.encoding);
		}
		return next.startCall(call, headers);
	}

}
