package dev.cfg.grpc.log;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * COPY's text format as the writer makes it, value by value. The round trip through PostgreSQL
 * (awkward text, every column) is {@link RequestLogOnPostgresTest}'s.
 */
class CopyTextTest {

	@Test
	void textIsEscapedAndEncodedAsUtf8() {
		CopyText rows = new CopyText(1);
		rows.text("tab\there\nline\rend \\N ümlaut € 😀 \"q\"");
		rows.end(false);
		rows.text(null);
		rows.end(true);
		assertThat(rows.toString()).isEqualTo("tab\\there\\nline\\rend \\\\N ümlaut € 😀 \"q\"\t\\N\n");
	}

	@Test
	void halfASurrogatePairBecomesAQuestionMarkAsStringGetBytesWritesIt() {
		CopyText rows = new CopyText(1);
		String broken = "a\uD83Db";
		rows.text(broken);
		assertThat(rows.toString()).isEqualTo(new String(broken.getBytes(java.nio.charset.StandardCharsets.UTF_8),
				java.nio.charset.StandardCharsets.UTF_8));
	}

	@Test
	void numbersAndBooleans() {
		CopyText rows = new CopyText(1);
		for (long value : new long[] { 0, 7, -42, 1_234_567_890_123L, Long.MAX_VALUE, Long.MIN_VALUE }) {
			rows.number(value);
			rows.end(false);
		}
		rows.bool(true);
		rows.end(false);
		rows.bool(false);
		rows.end(true);
		assertThat(rows.toString()).isEqualTo(
				"0\t7\t-42\t1234567890123\t9223372036854775807\t-9223372036854775808\tt\tf\n");
	}

	@Test
	void instantsAreUtcWithEveryNanosecondAndEachSecondIsFormattedAfresh() {
		CopyText rows = new CopyText(1);
		rows.time(Instant.parse("2026-12-07T04:40:26.385123456Z"));
		rows.end(false);
		rows.time(Instant.parse("2026-12-07T04:40:26.000000001Z"));
		rows.end(false);
		rows.time(Instant.parse("2026-12-31T23:59:59.999999999Z"));
		rows.end(false);
		rows.time(Instant.parse("2027-01-01T00:00:00Z"));
		rows.end(false);
		rows.time(Instant.parse("0001-01-01T00:00:00Z"));
		rows.end(false);
		rows.time(Instant.parse("+10000-01-01T00:00:00Z"));
		rows.end(true);
		assertThat(rows.toString()).isEqualTo("2026-12-07 04:40:26.385123456Z\t2026-12-07 04:40:26.000000001Z\t"
				+ "2026-12-31 23:59:59.999999999Z\t2027-01-01 00:00:00.000000000Z\t0001-01-01 00:00:00.000000000Z\t"
				+ "+10000-01-01T00:00:00Z\n");
	}

	@Test
	void theBufferGrowsPastItsFirstSize() {
		CopyText rows = new CopyText(1);
		String text = "x".repeat(10_000);
		rows.text(text);
		rows.time(Instant.EPOCH);
		assertThat(rows.toString()).isEqualTo(text + "1970-01-01 00:00:00.000000000Z");
	}

}
