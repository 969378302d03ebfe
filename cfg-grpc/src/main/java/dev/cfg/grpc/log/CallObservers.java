package dev.cfg.grpc.log;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * What happens when a call starts and ends: metrics (Micrometer, named after gRPC's own
 * conventions: {@code grpc.server.call.started}, {@code grpc.server.call.duration}, message
 * sizes), the request log record, and the console line.
 */
final class CallObservers {

	private static final Log console = LogFactory.getLog("dev.cfg.grpc.calls");

	private final RequestLogWriter writer;

	private final MeterRegistry meters;

	private final boolean consoleLine;

	private final Map<String, Counter> started = new ConcurrentHashMap<>();

	/** By method, then status: looked up on every call, so without building a key. */
	private final Map<String, Map<Status.Code, Ended>> ended = new ConcurrentHashMap<>();

	CallObservers(RequestLogWriter writer, MeterRegistry meters, boolean consoleLine) {
		this.writer = writer;
		this.meters = meters;
		this.consoleLine = consoleLine;
	}

	void started(MethodDescriptor<?, ?> method) {
		if (this.meters != null) {
			this.started.computeIfAbsent(method.getFullMethodName(), (name) -> Counter.builder("grpc.server.call.started")
				.description("gRPC calls started")
				.tag("grpc.method", name)
				.register(this.meters)).increment();
		}
	}

	void finished(RequestLogRecord record, MethodDescriptor<?, ?> method, Status status, long nanos) {
		if (this.meters != null) {
			Ended meters = this.ended.computeIfAbsent(method.getFullMethodName(), (name) -> new ConcurrentHashMap<>())
				.computeIfAbsent(status.getCode(),
						(code) -> new Ended(method.getFullMethodName(), code.name(), this.meters));
			meters.duration().record(nanos, TimeUnit.NANOSECONDS);
			if (record != null) {
				meters.received().record(record.requestSize());
				meters.sent().record(record.responseSize());
			}
		}
		if (record == null) {
			return;
		}
		if (this.writer != null) {
			this.writer.offer(record);
		}
		if (this.consoleLine && console.isInfoEnabled()) {
			console.info(line(record));
		}
	}

	static String line(RequestLogRecord record) {
		StringBuilder text = new StringBuilder();
		text.append(record.fullMethod()).append(' ').append(record.grpcStatusCode()).append(' ');
		text.append(record.durationMs()).append("ms");
		text.append(" caller=").append((record.username() != null) ? record.username() : "-");
		text.append(" peer=").append((record.peer() != null) ? record.peer() : "-");
		if (!"UNARY".equals(record.methodType())) {
			text.append(" in=").append(record.requestCount()).append(" out=").append(record.responseCount());
		}
		if (record.errorMessage() != null) {
			text.append(" error=\"").append(record.errorMessage()).append('"');
		}
		text.append(" id=").append(record.requestId());
		return text.toString();
	}

	private record Ended(Timer duration, DistributionSummary received, DistributionSummary sent) {

		Ended(String method, String status, MeterRegistry registry) {
			this(Timer.builder("grpc.server.call.duration")
				.description("Duration of gRPC calls")
				.tag("grpc.method", method)
				.tag("grpc.status", status)
				.publishPercentileHistogram()
				.register(registry),
					DistributionSummary.builder("grpc.server.call.rcvd_total_compressed_message_size")
						.baseUnit("bytes")
						.tag("grpc.method", method)
						.tag("grpc.status", status)
						.register(registry),
					DistributionSummary.builder("grpc.server.call.sent_total_compressed_message_size")
						.baseUnit("bytes")
						.tag("grpc.method", method)
						.tag("grpc.status", status)
						.register(registry));
		}

	}

}
