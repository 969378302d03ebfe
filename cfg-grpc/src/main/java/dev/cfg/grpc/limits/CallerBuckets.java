package dev.cfg.grpc.limits;

/**
 * Where callers' buckets are kept. The default keeps them in this process's memory, bounded
 * ({@code cfg.grpc.rate-limit.max-callers}); a fleet of instances behind a load balancer that must
 * share one limit declares a bean of its own over a shared store, for example a Bucket4j
 * {@code ProxyManager} on Redis or on the database (docs/operations.md shows one).
 */
@FunctionalInterface
public interface CallerBuckets {

	/**
	 * Takes one call from a caller's bucket.
	 * @param caller the bucket's key: the kind of caller and its id, and the method when the method
	 * has a rate of its own
	 * @param rate the bucket's rate, the same for a key every time
	 * @return 0 when the call may go ahead, else how many nanoseconds until the bucket has a call
	 */
	long take(String caller, CallRate rate);

}
