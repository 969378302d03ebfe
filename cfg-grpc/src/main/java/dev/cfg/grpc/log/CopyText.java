package dev.cfg.grpc.log;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * Rows in the text format of PostgreSQL's {@code COPY ... FROM STDIN}, written straight into UTF-8
 * bytes: values separated by tabs, rows ended by a line feed, {@code \N} for null, and backslash,
 * tab and line ends escaped. A profile of the writer alone put most of its time in formatting
 * timestamps with {@link Instant#toString()} and in copying text through a {@code StringBuilder}, a
 * {@code String} and a {@code Reader} before the driver encoded it: here a timestamp's date and time
 * of day are formatted once per second they fall in, and text goes to bytes once.
 */
final class CopyText {

	private static final byte[] NULL = { '\\', 'N' };

	private byte[] bytes;

	private int length;

	/** The second whose date and time of day {@link #secondText} holds. */
	private long second = Long.MIN_VALUE;

	/** {@code yyyy-MM-dd HH:mm:ss} of {@link #second}. */
	private final byte[] secondText = new byte[19];

	CopyText(int expectedBytes) {
		this.bytes = new byte[Math.max(64, expectedBytes)];
	}

	/** Appends a text value, escaped, or {@code \N}. */
	void text(String value) {
		if (value == null) {
			nullValue();
			return;
		}
		int size = value.length();
		ensure(size);
		for (int i = 0; i < size; i++) {
			char c = value.charAt(i);
			if (c < 0x80) {
				switch (c) {
					case '\\' -> escaped('\\');
					case '\t' -> escaped('t');
					case '\n' -> escaped('n');
					case '\r' -> escaped('r');
					default -> put((byte) c);
				}
			}
			else if (c < 0x800) {
				put((byte) (0xC0 | (c >> 6)));
				put((byte) (0x80 | (c & 0x3F)));
			}
			else if (Character.isHighSurrogate(c) && i + 1 < size && Character.isLowSurrogate(value.charAt(i + 1))) {
				int point = Character.toCodePoint(c, value.charAt(++i));
				put((byte) (0xF0 | (point >> 18)));
				put((byte) (0x80 | ((point >> 12) & 0x3F)));
				put((byte) (0x80 | ((point >> 6) & 0x3F)));
				put((byte) (0x80 | (point & 0x3F)));
			}
			else if (Character.isSurrogate(c)) {
				// Half of a pair, as String.getBytes writes it.
				put((byte) '?');
			}
			else {
				put((byte) (0xE0 | (c >> 12)));
				put((byte) (0x80 | ((c >> 6) & 0x3F)));
				put((byte) (0x80 | (c & 0x3F)));
			}
		}
	}

	/** Appends a whole number. */
	void number(long value) {
		if (value == Long.MIN_VALUE) {
			ascii(Long.toString(value));
			return;
		}
		if (value < 0) {
			put((byte) '-');
			value = -value;
		}
		ensure(20);
		int digits = 1;
		for (long rest = value / 10; rest > 0; rest /= 10) {
			digits++;
		}
		for (int i = this.length + digits - 1; i >= this.length; i--) {
			this.bytes[i] = (byte) ('0' + (value % 10));
			value /= 10;
		}
		this.length += digits;
	}

	/** Appends {@code t} or {@code f}. */
	void bool(boolean value) {
		put((byte) (value ? 't' : 'f'));
	}

	/** Appends {@code \N}. */
	void nullValue() {
		ensure(2);
		System.arraycopy(NULL, 0, this.bytes, this.length, 2);
		this.length += 2;
	}

	/**
	 * Appends an instant as {@code yyyy-MM-dd HH:mm:ss.nnnnnnnnnZ}, which PostgreSQL reads as UTC
	 * (rounding to its microseconds, as it did the ISO text before); years outside 1 to 9999 go as
	 * {@link Instant#toString()} writes them.
	 */
	void time(Instant value) {
		if (value == null) {
			nullValue();
			return;
		}
		long epochSecond = value.getEpochSecond();
		if (epochSecond != this.second) {
			LocalDateTime utc = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
			if (utc.getYear() < 1 || utc.getYear() > 9999) {
				ascii(value.toString());
				return;
			}
			digits(this.secondText, 0, utc.getYear(), 4);
			this.secondText[4] = '-';
			digits(this.secondText, 5, utc.getMonthValue(), 2);
			this.secondText[7] = '-';
			digits(this.secondText, 8, utc.getDayOfMonth(), 2);
			this.secondText[10] = ' ';
			digits(this.secondText, 11, utc.getHour(), 2);
			this.secondText[13] = ':';
			digits(this.secondText, 14, utc.getMinute(), 2);
			this.secondText[16] = ':';
			digits(this.secondText, 17, utc.getSecond(), 2);
			this.second = epochSecond;
		}
		ensure(30);
		System.arraycopy(this.secondText, 0, this.bytes, this.length, this.secondText.length);
		this.length += this.secondText.length;
		this.bytes[this.length++] = '.';
		digits(this.bytes, this.length, value.getNano(), 9);
		this.length += 9;
		this.bytes[this.length++] = 'Z';
	}

	/** Ends a value: a tab before the next one of the row, or a line feed after its last. */
	void end(boolean lastOfRow) {
		put((byte) (lastOfRow ? '\n' : '\t'));
	}

	/** The rows so far, as the stream the driver sends. */
	InputStream stream() {
		return new ByteArrayInputStream(this.bytes, 0, this.length);
	}

	/** The rows so far as text (for tests and messages). */
	@Override
	public String toString() {
		return new String(this.bytes, 0, this.length, java.nio.charset.StandardCharsets.UTF_8);
	}

	private void ascii(String text) {
		ensure(text.length());
		for (int i = 0; i < text.length(); i++) {
			this.bytes[this.length++] = (byte) text.charAt(i);
		}
	}

	private void escaped(char c) {
		put((byte) '\\');
		put((byte) c);
	}

	private void put(byte b) {
		if (this.length == this.bytes.length) {
			ensure(1);
		}
		this.bytes[this.length++] = b;
	}

	/** Room for at least {@code more} bytes after the ones written. */
	private void ensure(int more) {
		if (this.length + more > this.bytes.length) {
			this.bytes = Arrays.copyOf(this.bytes, Math.max(this.bytes.length * 2, this.length + more));
		}
	}

	private static void digits(byte[] target, int at, int value, int width) {
		for (int i = at + width - 1; i >= at; i--) {
			target[i] = (byte) ('0' + (value % 10));
			value /= 10;
		}
	}

}
