package dev.cfg.grpc.auth;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.context.event.EventListener;

/**
 * Caches resolved principals for a short time, so a call costs no database query for auth.
 * Dropped at once for a user whose {@link UserChangedEvent} arrives; changes made by another
 * process show after the time to live at most. Unknown users are not cached. At most
 * {@value #MAX_ENTRIES} users are kept; beyond that the least used go first.
 */
final class PrincipalCache {

	private static final int MAX_ENTRIES = 100_000;

	private final UserResolver resolver;

	private final Cache<String, CallPrincipal> entries;

	/** Principals of client certificates, by username. */
	private final Cache<String, CallPrincipal> byUsername;

	PrincipalCache(UserResolver resolver, Duration ttl) {
		this.resolver = resolver;
		this.entries = ttl.isZero() ? null
				: Caffeine.newBuilder().maximumSize(MAX_ENTRIES).expireAfterWrite(ttl).build();
		this.byUsername = ttl.isZero() ? null
				: Caffeine.newBuilder().maximumSize(MAX_ENTRIES).expireAfterWrite(ttl).build();
	}

	Optional<CallPrincipal> resolve(String userId) {
		return cached(this.entries, userId, this.resolver::resolve);
	}

	Optional<CallPrincipal> resolveByUsername(String username) {
		return cached(this.byUsername, username, this.resolver::resolveByUsername);
	}

	private static Optional<CallPrincipal> cached(Cache<String, CallPrincipal> cache, String key,
			java.util.function.Function<String, Optional<CallPrincipal>> lookup) {
		if (cache == null) {
			return lookup.apply(key);
		}
		CallPrincipal cached = cache.getIfPresent(key);
		if (cached != null) {
			return Optional.of(cached);
		}
		Optional<CallPrincipal> principal = lookup.apply(key);
		principal.ifPresent((found) -> cache.put(key, found));
		return principal;
	}

	@EventListener
	void userChanged(UserChangedEvent event) {
		if (this.entries != null) {
			this.entries.invalidate(event.userId());
			// Kept by name, not id: changes are rare, so all of them go.
			this.byUsername.invalidateAll();
		}
	}

}
