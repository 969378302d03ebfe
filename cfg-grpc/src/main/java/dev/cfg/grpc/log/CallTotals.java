package dev.cfg.grpc.log;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Calls added up: one row of {@code cfg_grpc_request_minute}, or any number of them. The writer
 * adds records to it; {@link RequestLog} adds stored rows and reads the totals back.
 */
final class CallTotals {

	private long total;

	private long successful;

	private long errors;

	private long cancelled;

	private long timeouts;

	private long durationSum;

	private final DurationHistogram durations = new DurationHistogram();

	private Instant lastActivity;

	void add(RequestLogRecord record) {
		this.total++;
		switch (record.outcome()) {
			case SUCCESS -> this.successful++;
			case CANCELLED -> this.cancelled++;
			case TIMEOUT -> this.timeouts++;
			case ERROR -> this.errors++;
		}
		this.durationSum += record.durationMs();
		this.durations.add(record.durationMs());
		seen(record.createdAt());
	}

	void addAll(CallTotals other) {
		this.total += other.total;
		this.successful += other.successful;
		this.errors += other.errors;
		this.cancelled += other.cancelled;
		this.timeouts += other.timeouts;
		this.durationSum += other.durationSum;
		this.durations.addAll(other.durations);
		seen(other.lastActivity);
	}

	/** Adds a stored row of a totals table, from a result set positioned on it. */
	void addStored(ResultSet row) throws SQLException {
		this.total += row.getLong("total");
		this.successful += row.getLong("successful");
		this.errors += row.getLong("errors");
		this.cancelled += row.getLong("cancelled");
		this.timeouts += row.getLong("timeouts");
		this.durationSum += row.getLong("duration_sum");
		this.durations.addEncoded(row.getString("durations"));
		seen(row.getTimestamp("last_activity").toInstant());
	}

	private void seen(Instant activity) {
		if (activity != null && (this.lastActivity == null || activity.isAfter(this.lastActivity))) {
			this.lastActivity = activity;
		}
	}

	/** Calls. */
	long total() {
		return this.total;
	}

	/** Calls that ended OK. */
	long successful() {
		return this.successful;
	}

	/** Calls that ended in an error other than a cancellation or a deadline. */
	long errors() {
		return this.errors;
	}

	/** Calls the client cancelled. */
	long cancelled() {
		return this.cancelled;
	}

	/** Calls whose deadline passed. */
	long timeouts() {
		return this.timeouts;
	}

	/** Milliseconds of all calls together. */
	long durationSum() {
		return this.durationSum;
	}

	/** Durations of the calls. */
	DurationHistogram durations() {
		return this.durations;
	}

	/** When the latest call started, or null when there was none. */
	Instant lastActivity() {
		return this.lastActivity;
	}

}
