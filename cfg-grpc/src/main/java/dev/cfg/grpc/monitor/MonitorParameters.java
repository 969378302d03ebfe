package dev.cfg.grpc.monitor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;

import dev.cfg.grpc.log.TimeWindow;

/**
 * The query parameters of the monitoring API, checked: {@code hours} (default 24, clamped to 1..168)
 * or a {@code from}/{@code to} range, {@code count} (default 50, clamped to 1..200), {@code offset},
 * {@code status} and {@code interval}. A value that cannot be read is a {@link BadParameter}.
 */
final class MonitorParameters {

	static final Set<String> STATUSES = Set.of("success", "error", "cancelled", "timeout");

	static final Set<String> INTERVALS = Set.of("minute", "hour", "day");

	private MonitorParameters() {
	}

	/** A window of time: the last {@code hours}, or {@code from} to {@code to}. */
	record Window(Instant from, Instant to, int periodHours) {

		TimeWindow range() {
			try {
				return new TimeWindow(this.from, this.to);
			}
			catch (IllegalArgumentException ex) {
				throw new BadParameter(ex.getMessage());
			}
		}

	}

	static Window window(String hours, String from, String to, Clock clock) {
		Instant now = clock.instant();
		if (from != null || to != null) {
			Instant start = (from != null) ? instant("from", from) : now.minus(Duration.ofHours(24));
			Instant end = (to != null) ? instant("to", to) : now;
			if (!start.isBefore(end)) {
				throw new BadParameter("from must be before to");
			}
			if (Duration.between(start, end).compareTo(Duration.ofDays(366)) > 0) {
				throw new BadParameter("from and to may be at most 366 days apart");
			}
			return new Window(start, end, (int) Math.max(1, Duration.between(start, end).toHours()));
		}
		int h = clamp(integer("hours", hours, 24), 1, 168);
		return new Window(now.minus(Duration.ofHours(h)), now, h);
	}

	static int integer(String name, String value, int fallback) {
		if (value == null || value.isBlank()) {
			return fallback;
		}
		try {
			return Integer.parseInt(value.strip());
		}
		catch (NumberFormatException ex) {
			throw new BadParameter(name + " must be an integer, not '" + value + "'");
		}
	}

	static int clamp(int value, int min, int max) {
		return Math.max(min, Math.min(max, value));
	}

	static String oneOf(String name, String value, Set<String> allowed, String fallback) {
		if (value == null || value.isBlank()) {
			return fallback;
		}
		if (!allowed.contains(value)) {
			throw new BadParameter(name + " must be one of " + String.join(", ", allowed.stream().sorted().toList())
					+ ", not '" + value + "'");
		}
		return value;
	}

	private static Instant instant(String name, String value) {
		try {
			// Instants a window cannot hold are refused by the window itself (range()).
			return Instant.parse(value.strip());
		}
		catch (DateTimeParseException ex) {
			throw new BadParameter(name + " must be an ISO-8601 instant such as 2026-11-24T10:00:00Z, not '" + value + "'");
		}
	}

	/** A query parameter that cannot be used; answered with 400 and its message. */
	static final class BadParameter extends RuntimeException {

		BadParameter(String message) {
			super(message);
		}

	}

}
