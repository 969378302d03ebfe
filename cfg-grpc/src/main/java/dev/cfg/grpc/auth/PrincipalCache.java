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

	PrincipalCache(UserResolver resolver, Duration ttl) {
		this.resolver = resolver;
		this.entries = ttl.isZero() ? null
				: Caffeine.newBuilder().maximumSize(MAX_ENTRIES).expireAfterWrite(ttl).build();
	}

	Optional<CallPrincipal> resolve(String userId) {
		if (this.entries == null) {
			return this.resolver.resolve(userId);
		}
		CallPrincipal cached = this.entries.getIfPresent(userId);
		if (cached != null) {
			return Optional.of(cached);
		}
		Optional<CallPrincipal> principal = this.resolver.resolve(userId);
		principal.ifPresent((found) -> this.entries.put(userId, found));
		return principal;
	}

	@EventListener
	void userChanged(UserChangedEvent event) {
		if (this.entries != null) {
			this.entries.invalidate(event.userId());
		}
	}

}
