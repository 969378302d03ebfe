package dev.cfg.grpc.log;

import java.time.Duration;
import java.time.Instant;

/**
 * A stretch of time to read the request log over: calls that started at or after {@code from} and
 * before {@code to}. Statistics and timelines count whole minutes, so they include every call of
 * each minute the window touches.
 *
 * @param from the first instant, included
 * @param to the end, excluded
 */
public record TimeWindow(Instant from, Instant to) {

	/**
	 * Checks the window.
	 * @throws IllegalArgumentException when from is not before to
	 */
	public TimeWindow {
		if (from == null || to == null || !from.isBefore(to)) {
			throw new IllegalArgumentException("from must be before to");
		}
	}

	/**
	 * The last stretch of time up to an instant.
	 * @param length how long
	 * @param now where it ends
	 * @return the window
	 */
	public static TimeWindow last(Duration length, Instant now) {
		return new TimeWindow(now.minus(length), now);
	}

}
