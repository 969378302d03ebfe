package dev.cfg.grpc.limits;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

/**
 * Buckets in this process's memory: at most a given number of callers, the least recently seen
 * forgotten first, and each forgotten after a quiet time (a forgotten caller starts again with a
 * full bucket).
 */
final class InMemoryCallerBuckets implements CallerBuckets {

	private final Cache<String, Bucket> buckets;

	/**
	 * @param maxCallers callers remembered at once
	 * @param forgetAfter how long a caller without calls is remembered
	 */
	InMemoryCallerBuckets(int maxCallers, Duration forgetAfter) {
		this.buckets = Caffeine.newBuilder().maximumSize(maxCallers).expireAfterAccess(forgetAfter).build();
	}

	@Override
	public long take(String caller, CallRate rate) {
		Bucket bucket = this.buckets.get(caller, (key) -> Bucket.builder()
			.addLimit((limit) -> limit.capacity(rate.capacity()).refillGreedy(rate.perSecond(), Duration.ofSeconds(1)))
			.build());
		ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
		return probe.isConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill());
	}

	/** Callers remembered now, after pending evictions (for tests). */
	long callers() {
		this.buckets.cleanUp();
		return this.buckets.estimatedSize();
	}

}
