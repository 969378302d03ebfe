package dev.cfg.grpc.test;

import java.time.Duration;
import java.time.Instant;

import org.springframework.beans.factory.ObjectProvider;

import dev.cfg.grpc.log.RequestLog;
import dev.cfg.grpc.log.RequestLogWriter;

/**
 * Where a test's log assertions start: {@code log.assertThatRequestLog().hasCall(...)}. Only calls
 * made since the current test method started are looked at.
 */
public final class RequestLogAssertions {

	/** How long an assertion waits for the call it wants before it fails. */
	public static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

	private final ObjectProvider<RequestLog> log;

	private final ObjectProvider<RequestLogWriter> writer;

	private volatile Instant since = Instant.EPOCH;

	RequestLogAssertions(ObjectProvider<RequestLog> log, ObjectProvider<RequestLogWriter> writer) {
		this.log = log;
		this.writer = writer;
	}

	void startFrom(Instant instant) {
		this.since = instant;
	}

	/**
	 * Assertions on the calls of the current test, waiting up to {@link #DEFAULT_WAIT} for each.
	 * @return the assertions
	 */
	public RequestLogAssert assertThatRequestLog() {
		return assertThatRequestLog(DEFAULT_WAIT);
	}

	/**
	 * Assertions on the calls of the current test.
	 * @param wait how long each assertion waits for the calls it wants
	 * @return the assertions
	 */
	public RequestLogAssert assertThatRequestLog(Duration wait) {
		RequestLog requests = this.log.getIfAvailable();
		RequestLogWriter records = this.writer.getIfAvailable();
		if (requests == null || records == null) {
			throw new IllegalStateException(
					"The application under test keeps no request log (cfg.grpc.logging.enabled, and a DataSource)");
		}
		return new RequestLogAssert(requests, records, this.since, wait);
	}

}
