package dev.cfg.grpc.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

	/** By target, method, then status: looked up on every call, so kept rather than registered anew. */
	private final Map<String, Map<String, Meters>> meters = new ConcurrentHashMap<>();

	ClientCallMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
			CallOptions options, Channel next) {
		String name = method.getFullMethodName();
		String target = next.authority();
		Meters meters = this.meters.computeIfAbsent(target, (key) -> new ConcurrentHashMap<>())
			.computeIfAbsent(name, (key) -> new Meters(name, target, this.registry));
		return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
			@Override
			public void start(Listener<RespT> listener, Metadata headers) {
				meters.started().increment();
				long start = System.nanoTime();
				super.start(new SimpleForwardingClientCallListener<>(listener) {
					@Override
					public void onClose(Status status, Metadata trailers) {
						meters.duration(status.getCode()).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
						super.onClose(status, trailers);
					}
				}, headers);
			}
		};
	}

	/** One method's meters on one target. */
	private record Meters(String method, String target, MeterRegistry registry, Counter started,
			Map<Status.Code, Timer> durations) {

		Meters(String method, String target, MeterRegistry registry) {
			this(method, target, registry, Counter.builder("grpc.client.call.started")
				.description("gRPC calls made")
				.tag("grpc.method", method)
				.tag("grpc.target", target)
				.register(registry), new ConcurrentHashMap<>());
		}

		Timer duration(Status.Code code) {
			return this.durations.computeIfAbsent(code, (status) -> Timer.builder("grpc.client.call.duration")
				.description("Duration of gRPC calls made, as the caller waited")
				.tag("grpc.method", this.method)
				.tag("grpc.target", this.target)
				.tag("grpc.status", status.name())
				.register(this.registry));
		}

	}

}
