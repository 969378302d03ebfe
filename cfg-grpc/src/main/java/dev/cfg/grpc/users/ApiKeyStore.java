package dev.cfg.grpc.users;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.cfg.grpc.auth.ApiKeyCheck;
import dev.cfg.grpc.auth.CallPrincipal;
import dev.cfg.grpc.auth.UserChangedEvent;
import dev.cfg.grpc.auth.UserResolver;

/**
 * API keys of cfg-grpc users. A key is 64 random hex characters, shown once when created and
 * stored only as its SHA-256 hash; its first 8 characters (the prefix) name it in lists and for
 * revocation. Verified keys are cached briefly, and their use (last used, request count) is
 * counted in memory and written in batches, so a call with a key costs no database write.
 */
public final class ApiKeyStore implements ApiKeyCheck {

	/** Characters of a key shown in lists. */
	public static final int PREFIX_LENGTH = 8;

	private static final Log logger = LogFactory.getLog(ApiKeyStore.class);

	private static final HexFormat HEX = HexFormat.of();

	/** Verified keys kept at most; beyond that the least used go first. */
	private static final int MAX_CACHED = 10_000;

	private final JdbcTemplate jdbc;

	private final UserStore users;

	private final UserResolver resolver;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	private final Cache<String, Verified> verified;

	private final Map<Long, Usage> usage = new ConcurrentHashMap<>();

	ApiKeyStore(JdbcTemplate jdbc, UserStore users, UserResolver resolver, Duration cacheTtl, Clock clock) {
		this.jdbc = jdbc;
		this.users = users;
		this.resolver = resolver;
		this.clock = clock;
		this.verified = Caffeine.newBuilder().maximumSize(MAX_CACHED).expireAfterWrite(cacheTtl).build();
	}

	/**
	 * Creates a key for a user.
	 * @param username the key's user
	 * @param name a label, for example what the key is for
	 * @param expiresAt when the key stops working, or null for never
	 * @return the key, whose raw value is shown only now
	 */
	public CreatedKey create(String username, String name, Instant expiresAt) {
		UserAccount user = this.users.findByUsername(username)
			.orElseThrow(() -> new IllegalArgumentException("No user named '" + username + "'"));
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("A key needs a name");
		}
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		String raw = HEX.formatHex(bytes);
		String prefix = raw.substring(0, PREFIX_LENGTH);
		this.jdbc.update(
				"INSERT INTO cfg_api_key (key_hash, key_prefix, name, user_id, is_active, expires_at, request_count, created_at) "
						+ "VALUES (?, ?, ?, ?, TRUE, ?, 0, ?)",
				hash(raw), prefix, name.strip(), user.getId(), timestamp(expiresAt), timestamp(this.clock.instant()));
		return new CreatedKey(raw, prefix, name.strip(), username, expiresAt);
	}

	/**
	 * Every key, newest first, with its use written so far plus what is still counted in memory.
	 * @return the keys
	 */
	public List<KeyInfo> list() {
		flushUsage();
		return this.jdbc.query("SELECT k.key_prefix, k.name, u.username, k.is_active, k.expires_at, k.last_used_at, "
				+ "k.request_count, k.created_at FROM cfg_api_key k JOIN cfg_user u ON u.id = k.user_id "
				+ "ORDER BY k.created_at DESC, k.id DESC", (row, i) -> new KeyInfo(row.getString(1), row.getString(2),
						row.getString(3), row.getBoolean(4), instant(row.getTimestamp(5)), instant(row.getTimestamp(6)),
						row.getLong(7), instant(row.getTimestamp(8))));
	}

	/**
	 * Revokes the key with a prefix.
	 * @param prefix the first characters of the key, as {@link #list()} shows them
	 * @return how many keys were revoked: 1, or 0 when no active key has that prefix
	 * @throws IllegalArgumentException when the prefix names more than one active key
	 */
	public int revoke(String prefix) {
		List<String> hashes = this.jdbc.queryForList(
				"SELECT key_hash FROM cfg_api_key WHERE key_prefix = ? AND is_active = TRUE", String.class, prefix);
		if (hashes.size() > 1) {
			throw new IllegalArgumentException("More than one active key starts with '" + prefix + "'");
		}
		int revoked = this.jdbc.update("UPDATE cfg_api_key SET is_active = FALSE WHERE key_prefix = ? AND is_active = TRUE",
				prefix);
		this.verified.invalidateAll(hashes);
		return revoked;
	}

	@Override
	public Optional<CallPrincipal> verify(String rawKey) {
		if (rawKey.length() != 64 || !rawKey.chars().allMatch((c) -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
			return Optional.empty();
		}
		String hash = hash(rawKey);
		Instant now = this.clock.instant();
		Verified cached = this.verified.getIfPresent(hash);
		if (cached == null) {
			cached = lookUp(hash);
			if (cached == null) {
				return Optional.empty();
			}
			this.verified.put(hash, cached);
		}
		if (cached.expiresAt() != null && !cached.expiresAt().isAfter(now)) {
			return Optional.empty();
		}
		Usage counter = this.usage.computeIfAbsent(cached.keyId(), (id) -> new Usage());
		counter.requests().incrementAndGet();
		counter.lastUsed().set(now.toEpochMilli());
		return Optional.of(cached.principal());
	}

	private Verified lookUp(String hash) {
		List<Verified> found = this.jdbc.query(
				"SELECT id, user_id, key_prefix, expires_at FROM cfg_api_key WHERE key_hash = ? AND is_active = TRUE",
				(row, i) -> {
					long keyId = row.getLong(1);
					String prefix = row.getString(3);
					Instant expiresAt = instant(row.getTimestamp(4));
					Optional<CallPrincipal> user = this.resolver.resolve(String.valueOf(row.getLong(2)));
					return user.map((principal) -> new Verified(keyId, principal.withApiKey(prefix), expiresAt))
						.orElse(null);
				}, hash);
		return found.isEmpty() ? null : found.get(0);
	}

	/** Writes the counted use of keys in one batch; runs on a schedule and at shutdown. */
	void flushUsage() {
		List<Object[]> batch = new ArrayList<>();
		for (Map.Entry<Long, Usage> entry : this.usage.entrySet()) {
			long requests = entry.getValue().requests().getAndSet(0);
			if (requests > 0) {
				batch.add(new Object[] { requests, new Timestamp(entry.getValue().lastUsed().get()), entry.getKey() });
			}
		}
		if (batch.isEmpty()) {
			return;
		}
		try {
			this.jdbc.batchUpdate(
					"UPDATE cfg_api_key SET request_count = request_count + ?, last_used_at = ? WHERE id = ?", batch);
		}
		catch (RuntimeException ex) {
			// Put the counts back so that the next flush writes them.
			for (Object[] row : batch) {
				this.usage.computeIfAbsent((Long) row[2], (id) -> new Usage()).requests().addAndGet((Long) row[0]);
			}
			logger.warn("Could not write API key usage, will retry: " + ex.getMessage());
		}
	}

	@EventListener
	void userChanged(UserChangedEvent event) {
		this.verified.asMap().values().removeIf((key) -> key.principal().id().equals(event.userId()));
	}

	private static String hash(String raw) {
		try {
			return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Timestamp timestamp(Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	private record Verified(long keyId, CallPrincipal principal, Instant expiresAt) {
	}

	private record Usage(AtomicLong requests, AtomicLong lastUsed) {

		Usage() {
			this(new AtomicLong(), new AtomicLong());
		}

	}

	/**
	 * A key just created: the only time its raw value is known.
	 *
	 * @param rawKey the key to give to the client
	 * @param prefix its first characters, which name it later
	 * @param name its label
	 * @param username its user
	 * @param expiresAt when it stops working, or null
	 */
	public record CreatedKey(String rawKey, String prefix, String name, String username, Instant expiresAt) {
	}

	/**
	 * A key as lists show it, without its value.
	 *
	 * @param prefix its first characters
	 * @param name its label
	 * @param username its user
	 * @param active false once revoked
	 * @param expiresAt when it stops working, or null
	 * @param lastUsedAt when it was last used, or null
	 * @param requestCount how many calls it made
	 * @param createdAt when it was created
	 */
	public record KeyInfo(String prefix, String name, String username, boolean active, Instant expiresAt,
			Instant lastUsedAt, long requestCount, Instant createdAt) {
	}

}
