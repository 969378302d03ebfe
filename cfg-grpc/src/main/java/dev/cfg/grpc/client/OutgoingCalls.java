package dev.cfg.grpc.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

import dev.cfg.grpc.pipeline.CallContext;
import dev.cfg.grpc.pipeline.RequestIds;

/**
 * What cfg-grpc adds to every call of one configured channel: its credential, the request id of
 * the call being served (so the called service's log points back to it), and request compression.
 */
final class OutgoingCalls implements ClientInterceptor {

	private static final Metadata.Key<String> PARENT = Metadata.Key.of(RequestIds.PARENT_HEADER,
			Metadata.ASCII_STRING_MARSHALLER);

	private final Credential credential;

	private final String compression;

	OutgoingCalls(Credential credential, String compression) {
		this.credential = credential;
		this.compression = compression;
	}

	@Override
	public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
			CallOptions options, Channel next) {
		CallOptions chosen = (this.compression != null && options.getCompressor() == null)
				? options.withCompression(this.compression) : options;
		return new SimpleForwardingClientCall<>(next.newCall(method, chosen)) {
			@Override
			public void start(Listener<RespT> listener, Metadata headers) {
				credential.addTo(headers);
				CallContext.current().ifPresent((call) -> headers.put(PARENT, call.requestId()));
				super.start(listener, headers);
			}
		};
	}

}
