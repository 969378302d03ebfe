package dev.cfg.grpc.log;

import java.time.Instant;

/**
 * The calls that started in one interval of a timeline.
 *
 * @param start when the interval starts
 * @param total calls
 * @param successful calls that ended OK
 * @param errors calls that ended in an error other than a cancellation or a deadline
 * @param timeouts calls whose deadline passed
 * @param cancelled calls the client cancelled
 * @param p50Ms median duration in milliseconds, or null without calls
 * @param p95Ms 95th percentile, or null without calls
 * @param p99Ms 99th percentile, or null without calls
 */
public record TimelinePoint(Instant start, long total, long successful, long errors, long timeouts, long cancelled,
		Double p50Ms, Double p95Ms, Double p99Ms) {

	static TimelinePoint of(Instant start, CallStatistics calls) {
		return new TimelinePoint(start, calls.total(), calls.successful(), calls.errors(), calls.timeouts(),
				calls.cancelled(), calls.p50Ms(), calls.p95Ms(), calls.p99Ms());
	}

	/** How long each interval of a timeline is. */
	public enum Step {

		/** A minute. */
		MINUTE(60_000L),

		/** An hour. */
		HOUR(3_600_000L),

		/** A day, from midnight UTC. */
		DAY(86_400_000L);

		private final long millis;

		Step(long millis) {
			this.millis = millis;
		}

		/**
		 * The length of an interval.
		 * @return milliseconds
		 */
		public long millis() {
			return this.millis;
		}

	}

}
