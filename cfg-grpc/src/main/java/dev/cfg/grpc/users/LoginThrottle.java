package dev.cfg.grpc.users;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed logins per username and per client address in a sliding window; past the limit,
 * further attempts are refused until the oldest failure leaves the window. An address gets four
 * times the limit of a username, since many users may share one (a proxy, an office).
 */
final class LoginThrottle {

	private static final int MAX_TRACKED = 100_000;

	private static final int ADDRESS_FACTOR = 4;

	private final int maxFailures;

	private final Duration window;

	private final Clock clock;

	private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

	LoginThrottle(int maxFailures, Duration window, Clock clock) {
		this.maxFailures = maxFailures;
		this.window = window;
		this.clock = clock;
	}

	/**
	 * How long the caller must wait before trying again.
	 * @return zero when an attempt is allowed now
	 */
	Duration retryAfter(String username, String clientAddress) {
		Instant now = this.clock.instant();
		Duration wait = Duration.ZERO;
		for (String key : keys(username, clientAddress)) {
			Deque<Instant> times = this.failures.get(key);
			if (times == null) {
				continue;
			}
			synchronized (times) {
				prune(times, now);
				int limit = key.startsWith("address:") ? this.maxFailures * ADDRESS_FACTOR : this.maxFailures;
				if (times.size() >= limit) {
					Duration left = Duration.between(now, times.peekFirst().plus(this.window));
					wait = (left.compareTo(wait) > 0) ? left : wait;
				}
			}
		}
		return wait;
	}

	void failed(String username, String clientAddress) {
		Instant now = this.clock.instant();
		if (this.failures.size() > MAX_TRACKED) {
			this.failures.clear();
		}
		for (String key : keys(username, clientAddress)) {
			Deque<Instant> times = this.failures.computeIfAbsent(key, (k) -> new ArrayDeque<>());
			synchronized (times) {
				prune(times, now);
				times.addLast(now);
			}
		}
	}

	void succeeded(String username) {
		this.failures.remove("user:" + username);
	}

	private void prune(Deque<Instant> times, Instant now) {
		while (!times.isEmpty() && !times.peekFirst().plus(this.window).isAfter(now)) {
			times.pollFirst();
		}
	}

	private static String[] keys(String username, String clientAddress) {
		return new String[] { "user:" + username, "address:" + clientAddress };
	}

}
