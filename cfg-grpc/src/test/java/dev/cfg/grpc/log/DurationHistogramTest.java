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
		assertThat(one.encode()).startsWith("0:1,3:2,");
	}

	@Test
	void textThatIsNotAHistogramIsRefused() {
		for (String text : new String[] { "x", "1", "1:", "1:2,", "999:1", "-1:1", "2:-1", "1;2" }) {
			assertThatIllegalArgumentException().as(text).isThrownBy(() -> new DurationHistogram().addEncoded(text));
		}
	}

}
