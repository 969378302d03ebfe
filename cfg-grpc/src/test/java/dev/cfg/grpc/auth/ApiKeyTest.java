package dev.cfg.grpc.auth;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.cfg.grpc.testapp.RunningServer;
import dev.cfg.grpc.testapp.Tokens;
import dev.cfg.grpc.users.ApiKeyStore;
import dev.cfg.grpc.users.UserStore;

import static org.assertj.core.api.Assertions.assertThat;

/** API keys in the x-api-key header: valid, revoked, expired, unknown; counted without a write per call. */
class ApiKeyTest {

	static RunningServer server;

	static ApiKeyStore keys;

	static UserStore users;

	@BeforeAll
	static void start() {
		server = RunningServer.start("cfg.grpc.auth.require-auth=true");
		keys = server.context().getBean(ApiKeyStore.class);
		users = server.context().getBean(UserStore.class);
		users.createUser("alice", "", "pw", false, false);
		users.createUser("zed", "", "pw", false, false);
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void aValidKeyAuthenticatesAsItsUserUntilRevoked() {
		ApiKeyStore.CreatedKey key = keys.create("alice", "ci", null);
		assertThat(key.rawKey()).hasSize(64).startsWith(key.prefix());
		assertThat(AuthTest.whoAmI(Tokens.header(server.channel(), "x-api-key", key.rawKey()))).isEqualTo("alice|alice");
		assertThat(keys.revoke(key.prefix())).isOne();
		AuthTest.assertUnauthenticated(Tokens.header(server.channel(), "x-api-key", key.rawKey()),
				"Invalid or expired API key");
	}

	@Test
	void expiredUnknownAndMalformedKeysAreRefused() {
		ApiKeyStore.CreatedKey expired = keys.create("alice", "old", Instant.now().minusSeconds(5));
		for (String key : List.of(expired.rawKey(), "0".repeat(64), "not-a-key", expired.rawKey().toUpperCase())) {
			AuthTest.assertUnauthenticated(Tokens.header(server.channel(), "x-api-key", key), "Invalid or expired API key");
		}
	}

	@Test
	void aKeyOfADeactivatedUserStopsWorking() {
		ApiKeyStore.CreatedKey key = keys.create("zed", "script", null);
		assertThat(AuthTest.whoAmI(Tokens.header(server.channel(), "x-api-key", key.rawKey()))).isEqualTo("zed|zed");
		users.setActive("zed", false);
		AuthTest.assertUnauthenticated(Tokens.header(server.channel(), "x-api-key", key.rawKey()),
				"Invalid or expired API key");
	}

	@Test
	void onlyTheHashIsStoredAndUseIsCountedInBatches() {
		ApiKeyStore.CreatedKey key = keys.create("alice", "counted", null);
		for (int i = 0; i < 5; i++) {
			AuthTest.whoAmI(Tokens.header(server.channel(), "x-api-key", key.rawKey()));
		}
		JdbcTemplate jdbc = server.context().getBean(JdbcTemplate.class);
		Map<String, Object> row = jdbc.queryForMap(
				"SELECT key_hash, request_count, last_used_at FROM cfg_api_key WHERE key_prefix = ?", key.prefix());
		assertThat(row.get("KEY_HASH")).isNotEqualTo(key.rawKey()).asString().hasSize(64);
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM cfg_api_key WHERE key_hash = ? OR name = ?", Integer.class,
				key.rawKey(), key.rawKey())).isZero();
		// Counted in memory so far: the calls made no writes.
		assertThat(((Number) row.get("REQUEST_COUNT")).longValue()).isZero();
		ApiKeyStore.KeyInfo listed = keys.list()
			.stream()
			.filter((info) -> info.prefix().equals(key.prefix()))
			.findFirst()
			.orElseThrow();
		assertThat(listed.requestCount()).isEqualTo(5);
		assertThat(listed.lastUsedAt()).isNotNull();
		assertThat(listed.username()).isEqualTo("alice");
	}

}
