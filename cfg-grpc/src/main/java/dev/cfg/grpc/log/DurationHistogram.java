package dev.cfg.grpc.log;

import java.util.Arrays;

/**
 * Call durations in milliseconds counted in buckets, small enough to store one per minute, service
 * and method and to merge any number of them into percentiles. Durations under 16 ms have a
 * bucket each; above that every power of two is cut into 8 buckets, so a percentile read back is
 * within 1/16 (about 6%) of the true value. Stored as text: {@code bucket:count} pairs joined by
 * {@code ,}, for example {@code 0:12,3:40,17:2}.
 */
final class DurationHistogram {

	private static final int EXACT = 16;

	private static final int SUB_BUCKETS = 8;

	/** Enough buckets for {@link Integer#MAX_VALUE} ms. */
	private static final int BUCKETS = EXACT + (31 - 4) * SUB_BUCKETS;

	private final long[] counts = new long[BUCKETS];

	private long total;

	/**
	 * Counts one call.
	 * @param durationMs its duration; negative values count as 0
	 */
	void add(int durationMs) {
		add(durationMs, 1);
	}

	private void add(int durationMs, long count) {
		this.counts[bucket(Math.max(0, durationMs))] += count;
		this.total += count;
	}

	/**
	 * Adds another histogram's counts to this one.
	 * @param other the histogram to add
	 */
	void addAll(DurationHistogram other) {
		for (int i = 0; i < BUCKETS; i++) {
			this.counts[i] += other.counts[i];
		}
		this.total += other.total;
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
		int position = 0;
		int length = encoded.length();
		if (encoded.charAt(length - 1) == ',') {
			throw new IllegalArgumentException("Not a duration histogram: " + encoded);
		}
		while (position < length) {
			int colon = encoded.indexOf(':', position);
			int comma = encoded.indexOf(',', position);
			int end = (comma < 0) ? length : comma;
			if (colon < 0 || colon > end) {
				throw new IllegalArgumentException("Not a duration histogram: " + encoded);
			}
			int bucket = Integer.parseInt(encoded, position, colon, 10);
			long count = Long.parseLong(encoded, colon + 1, end, 10);
			if (bucket < 0 || bucket >= BUCKETS || count < 0) {
				throw new IllegalArgumentException("Not a duration histogram: " + encoded);
			}
			this.counts[bucket] += count;
			this.total += count;
			position = end + 1;
		}
	}

	/**
	 * The stored form.
	 * @return {@code bucket:count} pairs of the non-empty buckets, joined by commas
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
	 * A percentile, interpolated within its bucket the way {@code PERCENTILE_CONT} interpolates
	 * between values.
	 * @param fraction between 0 and 1, for example 0.95
	 * @return the duration in milliseconds, or null when nothing was counted
	 */
	Double percentile(double fraction) {
		if (this.total == 0) {
			return null;
		}
		double rank = fraction * (this.total - 1);
		long seen = 0;
		for (int i = 0; i < BUCKETS; i++) {
			long count = this.counts[i];
			if (count == 0) {
				continue;
			}
			if (rank < seen + count) {
				double lower = lowerBound(i);
				double width = lowerBound(i + 1) - lower;
				// Exact buckets hold one value; wider ones spread their calls evenly.
				return (width <= 1) ? lower : lower + width * ((rank - seen + 0.5) / count);
			}
			seen += count;
		}
		return (double) lowerBound(BUCKETS - 1);
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
		return other instanceof DurationHistogram histogram && Arrays.equals(this.counts, histogram.counts);
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
