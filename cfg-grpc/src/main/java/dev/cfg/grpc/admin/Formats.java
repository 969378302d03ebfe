package dev.cfg.grpc.admin;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How pages show times, durations and sizes; available to templates as {@code fmt}. */
final class Formats {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter PRECISE = DateTimeFormatter
		.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	/** A time in UTC, to the second; a dash for none. */
	public String time(Instant instant) {
		return (instant != null) ? TIME.format(instant) : "–";
	}

	/** A time in UTC, to the millisecond. */
	public String precise(Instant instant) {
		return (instant != null) ? PRECISE.format(instant) : "–";
	}

	/** Milliseconds with one decimal; a dash without calls. */
	public String ms(Double millis) {
		return (millis != null) ? String.format(Locale.ROOT, "%.1f", millis) : "–";
	}

	/** A share in percent with one decimal. */
	public String percent(double percent) {
		return String.format(Locale.ROOT, "%.1f %%", percent);
	}

	/** A duration class for colouring: fast, slow (100 ms or more) or very slow (1 s or more). */
	public String speed(int durationMs) {
		return (durationMs >= 1000) ? "very-slow" : (durationMs >= 100) ? "slow" : "fast";
	}

}
