package dev.cfg.grpc.pipeline;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.grpc.MethodDescriptor;
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

	/** Calls to methods the server does not have share one label: clients choose those names. */
	static final String UNKNOWN_METHOD = "unknown";

	@Override
	public void started(CallContext call) {
		this.started.computeIfAbsent(label(call.methodType(), call.fullMethodName()), (name) -> Counter.builder("grpc.server.call.started")
			.description("gRPC calls started")
			.tag("grpc.method", name)
			.register(this.registry)).increment();
	}

	@Override
	public void completed(CallCompleted call) {
		String method = label(call.methodType(), call.fullMethodName());
		Ended meters = this.ended.computeIfAbsent(method, (name) -> new ConcurrentHashMap<>())
			.computeIfAbsent(call.code(), (code) -> new Ended(method, code.name(), this.registry));
		meters.duration().record(call.duration().toNanos(), TimeUnit.NANOSECONDS);
		meters.received().record(call.requestBytes());
		meters.sent().record(call.responseBytes());
	}

	private static String label(MethodDescriptor.MethodType type, String fullMethodName) {
		return (type == MethodDescriptor.MethodType.UNKNOWN) ? UNKNOWN_METHOD : fullMethodName;
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
