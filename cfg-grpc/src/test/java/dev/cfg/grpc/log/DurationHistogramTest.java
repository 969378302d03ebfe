package dev.cfg.grpc.log;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class DurationHistogramTest {

	@Test
	void everyDurationFallsInABucketThatHoldsIt() {
		for (int value : new int[] { 0, 1, 15, 16, 17, 31, 32, 33, 1000, 65_535, 65_536, Integer.MAX_VALUE }) {
			int bucket = DurationHistogram.bucket(value);
			assertThat(DurationHistogram.lowerBound(bucket)).as("lower bound of %d", value).isLessThanOrEqualTo(value);
			assertThat(DurationHistogram.lowerBound(bucket + 1)).as("upper bound of %d", value).isGreaterThan(value);
		}
	}

	@Test
	void percentilesAreWithinASixteenthOfTheExactOnes() {
		Random random = new Random(3);
		int[] durations = new int[20_000];
		DurationHistogram histogram = new DurationHistogram();
		for (int i = 0; i < durations.length; i++) {
			durations[i] = (int) Math.abs(random.nextGaussian() * 300);
			histogram.add(durations[i]);
		}
		Arrays.sort(durations);
		for (double fraction : new double[] { 0.01, 0.5, 0.9, 0.95, 0.99, 1.0 }) {
			double exact = durations[(int) Math.round(fraction * (durations.length - 1))];
			assertThat(histogram.percentile(fraction)).as("p%s", fraction)
				.isCloseTo(exact, within(Math.max(1, exact / 16)));
		}
	}

	@Test
	void smallDurationsAreExact() {
		DurationHistogram histogram = new DurationHistogram();
		for (int value : new int[] { 1, 2, 2, 3, 9 }) {
			histogram.add(value);
		}
		assertThat(histogram.percentile(0.5)).isEqualTo(2.0);
		assertThat(histogram.percentile(1.0)).isEqualTo(9.0);
		assertThat(new DurationHistogram().percentile(0.5)).isNull();
	}

	@Test
	void twoCallsGiveExactPercentilesBetweenThem() {
		DurationHistogram histogram = new DurationHistogram();
		histogram.add(289);
		histogram.add(577);
		DurationHistogram stored = new DurationHistogram();
		stored.addEncoded(histogram.encode());
		// PERCENTILE_CONT of {289, 577}: 289 + f * 288.
		assertThat(stored.percentile(0.5)).isEqualTo(433.0);
		assertThat(stored.percentile(0.99)).isCloseTo(574.12, within(1e-9));
		assertThat(stored.percentile(0.0)).isEqualTo(289.0);
		assertThat(stored.percentile(1.0)).isEqualTo(577.0);
	}

	/**
	 * Random sets of durations, added in random minute-sized pieces through the stored form as the
	 * writer and the readers do, against PERCENTILE_CONT over the exact values: exact up to
	 * {@value DurationHistogram#EXACT_LIMIT} calls, within 1/16 above, never outside the smallest
	 * and largest duration.
	 */
	@Test
	void percentilesOfRandomSetsMatchTheExactOnes() {
		Random random = new Random(11);
		for (int round = 0; round < 500; round++) {
			int size = (round % 5 == 0) ? 1 + random.nextInt(DurationHistogram.EXACT_LIMIT) : 1 + random.nextInt(3000);
			int[] durations = new int[size];
			int scale = 1 + random.nextInt(5000);
			for (int i = 0; i < size; i++) {
				durations[i] = switch (random.nextInt(3)) {
					case 0 -> random.nextInt(scale);
					case 1 -> (int) Math.min(Integer.MAX_VALUE / 2, Math.abs(random.nextGaussian() * scale));
					default -> (int) Math.min(Integer.MAX_VALUE / 2, Math.exp(random.nextDouble() * Math.log(scale + 1.0)));
				};
			}
			DurationHistogram merged = new DurationHistogram();
			int from = 0;
			while (from < size) {
				int to = Math.min(size, from + 1 + random.nextInt(50));
				DurationHistogram minute = new DurationHistogram();
				for (int i = from; i < to; i++) {
					minute.add(durations[i]);
				}
				merged.addEncoded(minute.encode());
				from = to;
			}
			int[] sorted = durations.clone();
			Arrays.sort(sorted);
			for (double fraction : new double[] { 0.0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 1.0 }) {
				double rank = fraction * (size - 1);
				int below = (int) Math.floor(rank);
				int above = Math.min(below + 1, size - 1);
				double exact = sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
				Double read = merged.percentile(fraction);
				String what = "p" + fraction + " of " + size + " calls, round " + round;
				if (size <= DurationHistogram.EXACT_LIMIT) {
					assertThat(read).as(what).isCloseTo(exact, within(1e-9));
				}
				else {
					assertThat(read).as(what).isCloseTo(exact, within(Math.max(1.0, exact / 16)));
				}
				assertThat(read).as(what).isBetween((double) sorted[0], (double) sorted[size - 1]);
			}
		}
	}

	@Test
	void rowsStoredBeforeBoundsWereKeptAreStillRead() {
		DurationHistogram old = new DurationHistogram();
		old.addEncoded("3:2,40:1");
		assertThat(old.total()).isEqualTo(3);
		assertThat(old.percentile(0.0)).isEqualTo(3.0);
		assertThat(old.encode()).isEqualTo("3:2,40:1");
	}

	@Test
	void theStoredFormReadsBackAndAddsUp() {
		DurationHistogram one = new DurationHistogram();
		DurationHistogram two = new DurationHistogram();
		one.add(3);
		one.add(3);
		one.add(700);
		two.add(-5);
		two.add(123_456);
		DurationHistogram read = new DurationHistogram();
		read.addEncoded(one.encode());
		read.addEncoded(two.encode());
		read.addEncoded("");
		read.addEncoded(null);
		one.addAll(two);
		assertThat(read).isEqualTo(one);
		assertThat(read.total()).isEqualTo(5);
		assertThat(one.encode()).startsWith("0:1,3:2,").endsWith("|0|123456|3 3 700 0 123456");
	}

	@Test
	void textThatIsNotAHistogramIsRefused() {
		for (String text : new String[] { "x", "1", "1:", "1:2,", "999:1", "-1:1", "2:-1", "1;2",
				"1:1|", "1:1|2", "1:1|5|3", "1:1|1|1|1 2", "1:1|1|1|x", "1:1|-1|1", "1:1|1|1|1|1" }) {
			assertThatIllegalArgumentException().as(text).isThrownBy(() -> new DurationHistogram().addEncoded(text));
		}
	}

}
