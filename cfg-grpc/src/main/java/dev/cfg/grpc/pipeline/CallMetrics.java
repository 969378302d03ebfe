package dev.cfg.grpc.pipeline;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Micrometer meters of every call, named after gRPC's own conventions:
 * {@code grpc.server.call.started}, {@code grpc.server.call.duration} and the message sizes each
 * way, by method and status.
 */
final class CallMetrics implements CallObserver {

	private final MeterRegistry registry;

	private final Map<String, Counter> started = new ConcurrentHashMap<>();

	/** By method, then status: looked up on every call, so without building a key. */
	private final Map<String, Map<Status.Code, Ended>> ended = new ConcurrentHashMap<>();

	CallMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void started(CallContext call) {
		this.started.computeIfAbsent(call.fullMethodName(), (name) -> Counter.builder("grpc.server.call.started")
			.description("gRPC calls started")
			.tag("grpc.method", name)
			.register(this.registry)).increment();
	}

	@Override
	public void completed(CallContext call) {
		Ended meters = this.ended.computeIfAbsent(call.fullMethodName(), (name) -> new ConcurrentHashMap<>())
			.computeIfAbsent(call.status().getCode(),
					(code) -> new Ended(call.fullMethodName(), code.name(), this.registry));
		meters.duration().record(call.duration().toNanos(), TimeUnit.NANOSECONDS);
		meters.received().record(call.requestBytes());
		meters.sent().record(call.responseBytes());
	}

	private record Ended(Timer duration, DistributionSummary received, DistributionSummary sent) {

		Ended(String method, String status, MeterRegistry registry) {
			this(Timer.builder("grpc.server.call.duration")
				.description("Duration of gRPC calls")
				.tag("grpc.method", method)
				.tag("grpc.status", status)
				.publishPercentileHistogram()
				.register(registry), size("rcvd", method, status, registry), size("sent", method, status, registry));
		}

		private static DistributionSummary size(String direction, String method, String status,
				MeterRegistry registry) {
			return DistributionSummary.builder("grpc.server.call." + direction + "_total_compressed_message_size")
				.baseUnit("bytes")
				.tag("grpc.method", method)
				.tag("grpc.status", status)
				.register(registry);
		}

	}

}
