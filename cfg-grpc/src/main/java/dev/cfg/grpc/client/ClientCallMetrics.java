package dev.cfg.grpc.client;

import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Micrometer meters of every call the application makes, the client's side of the server's
 * {@code grpc.server.call.*}: {@code grpc.client.call.started} and {@code grpc.client.call.duration}
 * by method, target and status. Retries and hedges are one call here: the duration is what the
 * caller waited.
 */
final class ClientCallMetrics implements ClientInterceptor {

	private final MeterRegistry registry;

	ClientCallMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
			CallOptions options, Channel next) {
		String name = method.getFullMethodName();
		String target = next.authority();
		return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
			@Override
			public void start(Listener<RespT> listener, Metadata headers) {
				Counter.builder("grpc.client.call.started")
					.description("gRPC calls made")
					.tag("grpc.method", name)
					.tag("grpc.target", target)
					.register(registry)
					.increment();
				long start = System.nanoTime();
				super.start(new SimpleForwardingClientCallListener<>(listener) {
					@Override
					public void onClose(Status status, Metadata trailers) {
						Timer.builder("grpc.client.call.duration")
							.description("Duration of gRPC calls made, as the caller waited")
							.tag("grpc.method", name)
							.tag("grpc.target", target)
							.tag("grpc.status", status.getCode().name())
							.register(registry)
							.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
						super.onClose(status, trailers);
					}
				}, headers);
			}
		};
	}

}
