package dev.cfg.grpc.testapp;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/** Named in cfg.grpc.server.interceptors by tests: adds a response header from an injected bean. */
public class StampInterceptor implements ServerInterceptor {

	public static final Metadata.Key<String> HEADER = Metadata.Key.of("x-stamp", Metadata.ASCII_STRING_MARSHALLER);

	private final Greeting greeting;

	public StampInterceptor(Greeting greeting) {
		this.greeting = greeting;
	}

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		return next.startCall(new SimpleForwardingServerCall<>(call) {
			@Override
			public void sendHeaders(Metadata responseHeaders) {
				responseHeaders.put(HEADER, StampInterceptor.this.greeting.text());
				super.sendHeaders(responseHeaders);
			}
		}, headers);
	}

}
