package dev.cfg.grpc.log;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.Status;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

import dev.cfg.grpc.config.CfgGrpcProperties;
import dev.cfg.grpc.errors.StatusDetails;
import dev.cfg.grpc.pipeline.CallCompleted;
import dev.cfg.grpc.pipeline.CallContext;
import dev.cfg.grpc.pipeline.CallObserver;
import dev.cfg.grpc.pipeline.CallerIdentity;
import dev.cfg.grpc.pipeline.ServerInstance;

/**
 * Turns each completed call into a {@link RequestLogRecord}: queued for the {@link RequestLogWriter}
 * (when the request log is on) and printed as the console line (when that is on). Successful calls
 * are sampled by {@code cfg.grpc.logging.sample-rate}; failed ones are always kept.
 */
final class RequestLogObserver implements CallObserver, SmartLifecycle {

	/**
	 * Stops after the gRPC server ({@code Integer.MAX_VALUE}) and before the writer
	 * ({@code Integer.MAX_VALUE - 10}): a call's last callback may run on a worker thread after the
	 * server has reported itself stopped, and its record must reach the writer before the writer
	 * drains its queue for the last time.
	 */
	static final int PHASE = Integer.MAX_VALUE - 5;

	private static final long LATE_CALLS_WAIT_MILLIS = 10_000;

	/** Calls started and not yet completed (a call seen only at its end counts below zero). */
	private final AtomicInteger inFlight = new AtomicInteger();

	private volatile boolean running;

	private static final Log console = LogFactory.getLog("dev.cfg.grpc.calls");

	private static final int DETAILS_LENGTH = 4000;

	/*
	 * The lengths of the log's columns: values are cut to them, never refused, so no name a client
	 * chooses can keep its call out of the log.
	 */

	private static final int NAME_LENGTH = 200;

	private static final int FULL_METHOD_LENGTH = 400;

	private static final int USERNAME_LENGTH = 150;

	private static final int API_KEY_PREFIX_LENGTH = 12;

	private static final int CLIENT_IP_LENGTH = 45;

	private final RequestLogWriter writer;

	private final MessageJson json;

	private final double sampleRate;

	private final boolean consoleLine;

	private final String instanceId;

	/**
	 * @param writer the writer, or null when the request log is off
	 * @param logging how records are made: redaction, body length, sampling
	 * @param consoleLine whether to print the console line
	 * @param instance this process, stamped on every record
	 */
	RequestLogObserver(RequestLogWriter writer, CfgGrpcProperties.Logging logging, boolean consoleLine,
			ServerInstance instance) {
		this.writer = writer;
		this.instanceId = instance.id();
		this.json = new MessageJson(logging.redactFields(), logging.maxDataLength());
		this.sampleRate = logging.sampleRate();
		this.consoleLine = consoleLine;
	}

	@Override
	public void started(CallContext call) {
		this.inFlight.incrementAndGet();
	}

	@Override
	public void completed(CallCompleted call) {
		try {
			keep(call);
		}
		finally {
			this.inFlight.decrementAndGet();
		}
	}

	@Override
	public void start() {
		this.running = true;
	}

	/** Waits, a bounded time, for the calls whose end has not been observed yet. */
	@Override
	public void stop() {
		this.running = false;
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LATE_CALLS_WAIT_MILLIS);
		while (this.inFlight.get() > 0 && System.nanoTime() - deadline < 0) {
			try {
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	private void keep(CallCompleted call) {
		boolean print = this.consoleLine && console.isInfoEnabled();
		if (this.writer == null && !print) {
			return;
		}
		Status status = call.status();
		if (status.isOk() && this.sampleRate < 1.0 && ThreadLocalRandom.current().nextDouble() >= this.sampleRate) {
			return;
		}
		RequestLogRecord record = record(call);
		if (this.writer != null) {
			this.writer.offer(record);
		}
		if (print) {
			console.info(line(record));
		}
	}

	RequestLogRecord record(CallCompleted call) {
		Status status = call.status();
		boolean ok = status.isOk();
		CallerIdentity caller = call.caller();
		Duration duration = call.duration();
		return RequestLogRecord.builder()
			.requestId(call.requestId())
			.serviceName(cut(call.serviceName(), NAME_LENGTH))
			.methodName(cut(call.methodName(), NAME_LENGTH))
			.fullMethod(cut(call.fullMethodName(), FULL_METHOD_LENGTH))
			.methodType(call.methodType().name())
			.requestSize(call.requestBytes())
			.responseSize(call.responseBytes())
			.requestCount(call.requestMessages())
			.responseCount(call.responseMessages())
			.requestData(this.json.toJson(call.firstRequest()))
			.responseData(this.json.toJson(call.firstResponse()))
			.outcome(call.outcome())
			.grpcStatusCode(status.getCode().name())
			.errorMessage(ok ? null : status.getDescription())
			.errorDetails(ok ? null : details(status, call))
			.durationMs((int) Math.min(Integer.MAX_VALUE, duration.toMillis()))
			.userId((caller != null) ? caller.id() : null)
			.username((caller != null) ? cut(caller.username(), USERNAME_LENGTH) : null)
			.authenticated(caller != null)
			.apiKeyPrefix((caller != null) ? cut(caller.apiKeyPrefix(), API_KEY_PREFIX_LENGTH) : null)
			.clientIp(cut(call.clientIp(), CLIENT_IP_LENGTH))
			.userAgent(call.userAgent())
			.peer(call.peer())
			.protocol(call.protocol())
			.instanceId(this.instanceId)
			.traceId(call.traceId())
			.spanId(call.spanId())
			.parentRequestId(call.parentRequestId())
			.createdAt(call.startedAt())
			.completedAt(call.completedAt())
			.build();
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

	/**
	 * The exception behind the status (never sent to the client), then the google.rpc details the
	 * client got, readable; null when there is neither.
	 */
	private static String details(Status status, CallCompleted call) {
		Throwable cause = status.getCause();
		String exception = (cause != null) ? cause.getClass().getName() + ": " + cause.getMessage() : null;
		String rich = StatusDetails.readable(call.statusDetails());
		if (exception == null && rich == null) {
			return null;
		}
		return cut((exception != null && rich != null) ? exception + "\n" + rich : (exception != null) ? exception : rich,
				DETAILS_LENGTH);
	}


	private static String cut(String text, int length) {
		return (text == null || text.length() <= length) ? text : text.substring(0, length);
	}

}
