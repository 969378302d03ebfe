package dev.cfg.grpc.users;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.cfg.grpc.auth.LoginThrottledException;

/**
 * Limits password attempts per username and per client address in a sliding window. An attempt is
 * counted when it is admitted, before the password is checked, so requests in parallel cannot
 * try more passwords than the limit; a success takes its attempt back and forgets the username's
 * earlier ones. An address gets four times the limit of a username, since many users may share
 * one (a proxy, an office). Memory is bounded: at most {@value #MAX_TRACKED} usernames and
 * addresses are tracked (the least recently used go first), keys are cut to
 * {@value #MAX_KEY_LENGTH} characters, and a key is forgotten a window after its last attempt.
 * The limits hold per instance: several instances behind a load balancer each allow them.
 */
final class LoginThrottle {

	static final int MAX_TRACKED = 100_000;

	static final int MAX_KEY_LENGTH = 160;

	private static final int ADDRESS_FACTOR = 4;

	private final int maxAttempts;

	private final Duration window;

	private final Clock clock;

	private final Cache<String, Deque<Instant>> attempts;

	LoginThrottle(int maxAttempts, Duration window, Clock clock) {
		this.maxAttempts = maxAttempts;
		this.window = window;
		this.clock = clock;
		this.attempts = Caffeine.newBuilder().maximumSize(MAX_TRACKED).expireAfterAccess(window).build();
	}

	/**
	 * Runs a password check under the throttle: the attempt is counted before the check runs, and
	 * taken back when the check finds the user.
	 * @param <T> what the check finds
	 * @param username the username tried
	 * @param clientAddress where the attempt comes from
	 * @param check the password check; empty (or an exception) when the password is wrong
	 * @return what the check found
	 * @throws LoginThrottledException when the username or the address is over the limit; the check
	 * is not run
	 */
	<T> Optional<T> check(String username, String clientAddress, Supplier<Optional<T>> check) {
		Duration wait = admit(username, clientAddress);
		if (!wait.isZero()) {
			throw new LoginThrottledException(wait);
		}
		Optional<T> found = check.get();
		if (found.isPresent()) {
			succeeded(username, clientAddress);
		}
		return found;
	}

	/** Counts an attempt, or refuses it: zero when it may go ahead, else how long to wait. */
	private Duration admit(String username, String clientAddress) {
		Instant now = this.clock.instant();
		Deque<Instant> user = times(userKey(username));
		Deque<Instant> address = times(addressKey(clientAddress));
		// Always the username's first, then the address's: two attempts never wait on each other in a circle.
		synchronized (user) {
			synchronized (address) {
				Duration wait = max(waitFor(user, this.maxAttempts, now),
						waitFor(address, this.maxAttempts * ADDRESS_FACTOR, now));
				if (wait.isZero()) {
					user.addLast(now);
					address.addLast(now);
				}
				return wait;
			}
		}
	}

	/** The attempt gave the right password: it no longer counts, nor do the username's earlier failures. */
	private void succeeded(String username, String clientAddress) {
		this.attempts.invalidate(userKey(username));
		Deque<Instant> address = this.attempts.getIfPresent(addressKey(clientAddress));
		if (address != null) {
			synchronized (address) {
				address.pollLast();
			}
		}
	}

	private Deque<Instant> times(String key) {
		return this.attempts.get(key, (k) -> new ArrayDeque<>());
	}

	private Duration waitFor(Deque<Instant> times, int limit, Instant now) {
		while (!times.isEmpty() && !times.peekFirst().plus(this.window).isAfter(now)) {
			times.pollFirst();
		}
		return (times.size() < limit) ? Duration.ZERO : Duration.between(now, times.peekFirst().plus(this.window));
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

	private static String userKey(String username) {
		return "user:" + cut(username);
	}

	private static String addressKey(String clientAddress) {
		return "address:" + cut(clientAddress);
	}

	private static String cut(String text) {
		String value = (text != null) ? text : "";
		return (value.length() <= MAX_KEY_LENGTH) ? value : value.substring(0, MAX_KEY_LENGTH);
	}

}
