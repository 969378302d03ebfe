package dev.cfg.grpc.log;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A window is read as whole minutes, its whole hours by the hour. */
class RequestLogRangesTest {

	@Test
	void aWindowOfHoursReadsItsWholeHoursByTheHour() {
		Instant now = Instant.parse("2026-11-24T10:30:20Z");
		TimeWindow day = TimeWindow.last(Duration.ofHours(24), now);
		assertThat(RequestLog.ranges(day, true)).containsExactly(
				new RequestLog.Range(TotalsSpan.MINUTE, Instant.parse("2026-11-23T10:30:00Z"),
						Instant.parse("2026-11-23T11:00:00Z")),
				new RequestLog.Range(TotalsSpan.HOUR, Instant.parse("2026-11-23T11:00:00Z"),
						Instant.parse("2026-11-24T10:00:00Z")),
				new RequestLog.Range(TotalsSpan.MINUTE, Instant.parse("2026-11-24T10:00:00Z"),
						Instant.parse("2026-11-24T10:31:00Z")));
		assertThat(RequestLog.ranges(day, false)).containsExactly(new RequestLog.Range(TotalsSpan.MINUTE,
				Instant.parse("2026-11-23T10:30:00Z"), Instant.parse("2026-11-24T10:31:00Z")));
	}

	@Test
	void aWindowInsideOneMinuteReadsThatMinute() {
		TimeWindow window = new TimeWindow(Instant.parse("2026-11-24T10:30:20Z"), Instant.parse("2026-11-24T10:30:40Z"));
		assertThat(RequestLog.ranges(window, true)).containsExactly(new RequestLog.Range(TotalsSpan.MINUTE,
				Instant.parse("2026-11-24T10:30:00Z"), Instant.parse("2026-11-24T10:31:00Z")));
	}

}
