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
 */
public record TimelinePoint(Instant start, long total, long successful, long errors, long timeouts, long cancelled) {

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
