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

	/** The earliest instant a window may start at. */
	public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

	/** The latest instant a window may end at. */
	public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

	/**
	 * Checks the window.
	 * @throws IllegalArgumentException when from is not before to, or either lies outside
	 * {@link #EARLIEST} to {@link #LATEST}
	 */
	public TimeWindow {
		if (from == null || to == null || !from.isBefore(to)) {
			throw new IllegalArgumentException("from must be before to");
		}
		if (from.isBefore(EARLIEST) || to.isAfter(LATEST)) {
			throw new IllegalArgumentException("from and to must lie between " + EARLIEST + " and " + LATEST);
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
