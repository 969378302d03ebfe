package dev.cfg.grpc.limits;

/**
 * How many calls a caller may make: a bucket of {@code capacity} calls that refills at
 * {@code perSecond} calls a second.
 *
 * @param perSecond calls a second, at least 1
 * @param capacity the most calls at once, at least 1
 */
public record CallRate(long perSecond, long capacity) {

	public CallRate {
		if (perSecond < 1 || capacity < 1) {
			throw new IllegalArgumentException("A call rate needs at least one call a second and a capacity of one");
		}
	}

}
