package dev.cfg.grpc.log;

import java.util.Arrays;

/**
 * Call durations in milliseconds counted in buckets, small enough to store one per minute, service
 * and method and to merge any number of them into percentiles. Durations under 16 ms have a
 * bucket each; above that every power of two is cut into 8 buckets, so a percentile read back is
 * within 1/16 (about 6%) of the true value. Beside the buckets it keeps the smallest and largest
 * duration, which bound every percentile, and, while it holds at most {@value #EXACT_LIMIT} calls,
 * the durations themselves, so small windows get exact percentiles. Stored as text:
 * {@code bucket:count} pairs joined by {@code ,}, then {@code |min|max}, then, for a few calls,
 * {@code |d1 d2 ...}; for example {@code 0:12,3:40,17:2|0|19} or {@code 25:1,33:1|289|577|289 577}.
 * Text of the first form alone (buckets only, as older rows hold) is still read.
 */
final class DurationHistogram {

	/** Windows of at most this many calls keep their durations and get exact percentiles. */
	static final int EXACT_LIMIT = 32;

	private static final int EXACT = 16;

	private static final int SUB_BUCKETS = 8;

	/** Enough buckets for {@link Integer#MAX_VALUE} ms. */
	private static final int BUCKETS = EXACT + (31 - 4) * SUB_BUCKETS;

	private final long[] counts = new long[BUCKETS];

	private long total;

	/** Whether every call counted came with its bounds (false after older stored text). */
	private boolean bounded = true;

	private int min = Integer.MAX_VALUE;

	private int max = -1;

	/** The durations of the first {@link #total} calls, while {@link #valuesKnown}. */
	private final int[] values = new int[EXACT_LIMIT];

	/** Whether every call counted came with its duration and there are few enough to keep. */
	private boolean valuesKnown = true;

	/**
	 * Counts one call.
	 * @param durationMs its duration; negative values count as 0
	 */
	void add(int durationMs) {
		int value = Math.max(0, durationMs);
		this.counts[bucket(value)]++;
		this.total++;
		this.min = Math.min(this.min, value);
		this.max = Math.max(this.max, value);
		this.valuesKnown &= this.total <= EXACT_LIMIT;
		if (this.valuesKnown) {
			this.values[(int) this.total - 1] = value;
		}
	}

	/**
	 * Adds another histogram's counts to this one.
	 * @param other the histogram to add
	 */
	void addAll(DurationHistogram other) {
		long before = this.total;
		for (int i = 0; i < BUCKETS; i++) {
			this.counts[i] += other.counts[i];
		}
		this.total += other.total;
		this.bounded &= other.bounded;
		this.min = Math.min(this.min, other.min);
		this.max = Math.max(this.max, other.max);
		keep(other.values, other.valuesKnown, before);
	}

	/** Keeps durations added after the first {@code before} calls, while they all can be kept. */
	private void keep(int[] more, boolean known, long before) {
		this.valuesKnown &= known && this.total <= EXACT_LIMIT;
		if (this.valuesKnown) {
			System.arraycopy(more, 0, this.values, (int) before, (int) (this.total - before));
		}
	}

	/**
	 * Adds counts read back from {@link #encode()} without building another histogram.
	 * @param encoded the stored text; null or empty adds nothing
	 * @throws IllegalArgumentException when the text is not a stored histogram
	 */
	void addEncoded(String encoded) {
		if (encoded == null || encoded.isEmpty()) {
			return;
		}
		String[] parts = encoded.split("\\|", -1);
		if (parts.length != 1 && parts.length != 3 && parts.length != 4) {
			throw notAHistogram(encoded);
		}
		long before = this.total;
		addBuckets(parts[0], encoded);
		if (parts.length == 1) {
			// Stored before bounds and durations were kept.
			this.bounded = false;
			this.valuesKnown = false;
			return;
		}
		int low = number(parts[1], encoded);
		int high = number(parts[2], encoded);
		if (low > high) {
			throw notAHistogram(encoded);
		}
		this.min = Math.min(this.min, low);
		this.max = Math.max(this.max, high);
		if (parts.length == 3) {
			this.valuesKnown = false;
			return;
		}
		String[] words = parts[3].split(" ");
		if (words.length != this.total - before) {
			throw notAHistogram(encoded);
		}
		int[] read = new int[words.length];
		for (int i = 0; i < words.length; i++) {
			read[i] = number(words[i], encoded);
		}
		keep(read, true, before);
	}

	private void addBuckets(String pairs, String encoded) {
		int position = 0;
		int length = pairs.length();
		if (length == 0 || pairs.charAt(length - 1) == ',') {
			throw notAHistogram(encoded);
		}
		while (position < length) {
			int colon = pairs.indexOf(':', position);
			int comma = pairs.indexOf(',', position);
			int end = (comma < 0) ? length : comma;
			if (colon < 0 || colon > end) {
				throw notAHistogram(encoded);
			}
			int bucket;
			long count;
			try {
				bucket = Integer.parseInt(pairs, position, colon, 10);
				count = Long.parseLong(pairs, colon + 1, end, 10);
			}
			catch (NumberFormatException ex) {
				throw notAHistogram(encoded);
			}
			if (bucket < 0 || bucket >= BUCKETS || count < 0) {
				throw notAHistogram(encoded);
			}
			this.counts[bucket] += count;
			this.total += count;
			position = end + 1;
		}
	}

	private static int number(String text, String encoded) {
		try {
			int value = Integer.parseInt(text);
			if (value < 0) {
				throw notAHistogram(encoded);
			}
			return value;
		}
		catch (NumberFormatException ex) {
			throw notAHistogram(encoded);
		}
	}

	private static IllegalArgumentException notAHistogram(String encoded) {
		return new IllegalArgumentException("Not a duration histogram: " + encoded);
	}

	/**
	 * The stored form.
	 * @return {@code bucket:count} pairs of the non-empty buckets, joined by commas, then the bounds
	 * and, for a few calls, the durations
	 */
	String encode() {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < BUCKETS; i++) {
			if (this.counts[i] != 0) {
				if (!text.isEmpty()) {
					text.append(',');
				}
				text.append(i).append(':').append(this.counts[i]);
			}
		}
		if (this.total > 0 && this.bounded) {
			text.append('|').append(this.min).append('|').append(this.max);
			if (this.valuesKnown) {
				text.append('|');
				for (int i = 0; i < this.total; i++) {
					text.append((i > 0) ? " " : "").append(this.values[i]);
				}
			}
		}
		return text.toString();
	}

	/**
	 * Calls counted.
	 * @return the number of durations added
	 */
	long total() {
		return this.total;
	}

	/**
	 * A percentile as {@code PERCENTILE_CONT} computes it: the value at rank
	 * {@code fraction * (calls - 1)} of the sorted durations, interpolated between the two nearest.
	 * Exact while the durations are kept; otherwise within 1/16 of the exact value, and never
	 * outside the smallest and largest duration.
	 * @param fraction between 0 and 1, for example 0.95
	 * @return the duration in milliseconds, or null when nothing was counted
	 */
	Double percentile(double fraction) {
		if (this.total == 0) {
			return null;
		}
		double rank = fraction * (this.total - 1);
		long below = (long) Math.floor(rank);
		long above = Math.min(below + 1, this.total - 1);
		double share = rank - below;
		if (this.valuesKnown) {
			int[] sorted = Arrays.copyOf(this.values, (int) this.total);
			Arrays.sort(sorted);
			return sorted[(int) below] + share * (sorted[(int) above] - sorted[(int) below]);
		}
		double value = estimate(below) + share * (estimate(above) - estimate(below));
		return this.bounded ? Math.min(this.max, Math.max(this.min, value)) : value;
	}

	/**
	 * The duration at a position of the sorted durations: the middle of its bucket, at most half
	 * a bucket (1/16 of the duration) away, so a percentile interpolated between two such
	 * estimates is within 1/16 of the exact one too.
	 */
	private double estimate(long position) {
		long seen = 0;
		for (int i = 0; i < BUCKETS; i++) {
			seen += this.counts[i];
			if (position < seen) {
				double lower = lowerBound(i);
				double width = lowerBound(i + 1) - lower;
				// Exact buckets hold one value.
				return (width <= 1) ? lower : lower + width / 2;
			}
		}
		return lowerBound(BUCKETS - 1);
	}

	static int bucket(int durationMs) {
		if (durationMs < EXACT) {
			return durationMs;
		}
		int exponent = 31 - Integer.numberOfLeadingZeros(durationMs);
		int sub = (durationMs >>> (exponent - 3)) & (SUB_BUCKETS - 1);
		return EXACT + (exponent - 4) * SUB_BUCKETS + sub;
	}

	static long lowerBound(int bucket) {
		if (bucket < EXACT) {
			return bucket;
		}
		int exponent = 4 + (bucket - EXACT) / SUB_BUCKETS;
		int sub = (bucket - EXACT) % SUB_BUCKETS;
		return (long) (SUB_BUCKETS + sub) << (exponent - 3);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof DurationHistogram histogram && Arrays.equals(this.counts, histogram.counts)
				&& encode().equals(histogram.encode());
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.counts);
	}

	@Override
	public String toString() {
		return encode();
	}

}
