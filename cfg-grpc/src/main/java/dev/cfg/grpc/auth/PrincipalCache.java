package dev.cfg.grpc.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.event.EventListener;

/**
 * Caches resolved principals for a short time, so a call costs no database query for auth.
 * Dropped at once for a user whose {@link UserChangedEvent} arrives; changes made by another
 * process show after the time to live at most. Unknown users are not cached.
 */
final class PrincipalCache {

	private static final int MAX_ENTRIES = 100_000;

	private final UserResolver resolver;

	private final Duration ttl;

	private final Clock clock;

	private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

	PrincipalCache(UserResolver resolver, Duration ttl, Clock clock) {
		this.resolver = resolver;
		this.ttl = ttl;
		this.clock = clock;
	}

	Optional<CallPrincipal> resolve(String userId) {
		Instant now = this.clock.instant();
		Entry cached = this.entries.get(userId);
		if (cached != null && cached.expires().isAfter(now)) {
			return Optional.of(cached.principal());
		}
		Optional<CallPrincipal> principal = this.resolver.resolve(userId);
		if (principal.isPresent() && !this.ttl.isZero()) {
			if (this.entries.size() >= MAX_ENTRIES) {
				this.entries.clear();
			}
			this.entries.put(userId, new Entry(principal.get(), now.plus(this.ttl)));
		}
		else {
			this.entries.remove(userId);
		}
		return principal;
	}

	@EventListener
	void userChanged(UserChangedEvent event) {
		this.entries.remove(event.userId());
	}

	private record Entry(CallPrincipal principal, Instant expires) {
	}

}
