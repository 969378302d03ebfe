package dev.cfg.grpc.log;

import java.time.Instant;

/**
 * Calls added up over a window, for all calls, one service or one method. Percentiles come from
 * the duration histograms the writer keeps beside the log: exact under 16 ms, within 1/16 above.
 *
 * @param service the service, or null for all calls
 * @param method the method, without its service, or null for all calls or a whole service
 * @param total calls
 * @param successful calls that ended OK
 * @param errors calls that ended in an error other than a cancellation or a deadline
 * @param cancelled calls the client cancelled
 * @param timeouts calls whose deadline passed
 * @param averageMs mean duration in milliseconds, 0 without calls
 * @param p50Ms median duration in milliseconds, or null without calls
 * @param p95Ms 95th percentile, or null without calls
 * @param p99Ms 99th percentile, or null without calls
 * @param lastActivity when the latest call started, or null without calls
 */
public record CallStatistics(String service, String method, long total, long successful, long errors,
		long cancelled, long timeouts, double averageMs, Double p50Ms, Double p95Ms, Double p99Ms,
		Instant lastActivity) {

	/**
	 * The share of calls that succeeded.
	 * @return percent, 0 without calls
	 */
	public double successRate() {
		return (this.total == 0) ? 0.0 : 100.0 * this.successful / this.total;
	}

	static CallStatistics of(String service, String method, CallTotals totals) {
		long total = totals.total();
		return new CallStatistics(service, method, total, totals.successful(), totals.errors(), totals.cancelled(),
				totals.timeouts(), (total == 0) ? 0.0 : (double) totals.durationSum() / total,
				totals.durations().percentile(0.5), totals.durations().percentile(0.95),
				totals.durations().percentile(0.99), totals.lastActivity());
	}

}
