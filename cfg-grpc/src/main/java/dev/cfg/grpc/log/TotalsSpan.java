package dev.cfg.grpc.log;

import java.time.Instant;

/**
 * The lengths of time the request log's calls are added up over, each in a table of its own kept
 * by the writer: a row per span, service and method.
 */
enum TotalsSpan {

	/** {@code cfg_grpc_request_minute}: minute timelines and the edges of longer windows. */
	MINUTE(60_000L),

	/** {@code cfg_grpc_request_hour}: the whole hours of a window, 60 times fewer rows to add up. */
	HOUR(3_600_000L);

	private final long millis;

	TotalsSpan(long millis) {
		this.millis = millis;
	}

	/** The table: {@code cfg_grpc_request_minute} or {@code cfg_grpc_request_hour}. */
	String table() {
		return "cfg_grpc_request_" + unit();
	}

	/** The column that holds when each span starts: {@code minute_start} or {@code hour_start}. */
	String startColumn() {
		return unit() + "_start";
	}

	private String unit() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

	/** The length of a span. */
	long millis() {
		return this.millis;
	}

	/**
	 * The start of the span an instant falls in.
	 * @param instant any instant
	 * @return the instant rounded down to a whole span
	 */
	Instant startOf(Instant instant) {
		return Instant.ofEpochMilli(Math.floorDiv(instant.toEpochMilli(), this.millis) * this.millis);
	}

	/**
	 * The end of the span an instant falls in, or the instant itself when it starts a span.
	 * @param instant any instant
	 * @return the instant rounded up to a whole span
	 */
	Instant endOf(Instant instant) {
		return Instant.ofEpochMilli(-Math.floorDiv(-instant.toEpochMilli(), this.millis) * this.millis);
	}

}
