package dev.cfg.grpc.auth;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cfg.grpc.test.echo.PrivateServiceGrpc;
import dev.cfg.grpc.testapp.Calls;
import dev.cfg.grpc.testapp.RunningServer;
import dev.cfg.grpc.testapp.Tokens;
import dev.cfg.grpc.users.UserStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The cfg.grpc.auth settings other than the defaults, each by its effect on calls. */
class AuthSettingsTest {

	@Test
	void withoutRequireAuthMissingAndInvalidTokensGoOnAnonymously() {
		try (RunningServer server = RunningServer.start("cfg.grpc.auth.require-auth=false")) {
			String alice = signIn(server, "alice");
			assertThat(AuthTest.whoAmI(server.channel())).isEqualTo("-|-");
			assertThat(AuthTest.whoAmI(Tokens.bearer(server.channel(), "garbage"))).isEqualTo("-|-");
			assertThat(AuthTest.whoAmI(Tokens.bearer(server.channel(), alice))).isEqualTo("alice|alice");
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> PrivateServiceGrpc.newBlockingStub(server.channel()).secret(Calls.request("")))
				.satisfies((ex) -> {
					assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
					assertThat(ex.getStatus().getDescription()).isEqualTo("Authentication required");
				});
		}
	}

	@Test
	void disabledAuthIgnoresTokens() {
		try (RunningServer server = RunningServer.start("cfg.grpc.auth.enabled=false",
				"cfg.grpc.auth.require-auth=true", "cfg.secret-key=")) {
			assertThat(AuthTest.whoAmI(server.channel())).isEqualTo("-|-");
			assertThat(AuthTest.whoAmI(Tokens.bearer(server.channel(), "garbage"))).isEqualTo("-|-");
		}
	}

	@Test
	void tokenHeaderAndPrefixAreConfigurable() {
		try (RunningServer server = RunningServer.start("cfg.grpc.auth.require-auth=true",
				"cfg.grpc.auth.token-header=X-Token", "cfg.grpc.auth.token-prefix=")) {
			String alice = signIn(server, "alice");
			assertThat(AuthTest.whoAmI(Tokens.header(server.channel(), "x-token", alice))).isEqualTo("alice|alice");
			AuthTest.assertUnauthenticated(Tokens.bearer(server.channel(), alice), "Authentication required");
		}
	}

	@Test
	void reflectionCanBeMadePrivateWhileHealthStaysPublic() {
		try (RunningServer server = RunningServer.start("cfg.grpc.auth.require-auth=true",
				"cfg.grpc.auth.public-reflection=false")) {
			assertThatExceptionOfType(Exception.class).isThrownBy(() -> Calls.listServicesV1(server.channel()))
				.withMessageContaining("UNAUTHENTICATED");
			assertThatExceptionOfType(Exception.class).isThrownBy(() -> Calls.listServicesV1Alpha(server.channel()))
				.withMessageContaining("UNAUTHENTICATED");
			assertThat(Calls.health(server.channel(), "")).isEqualTo(ServingStatus.SERVING);
		}
	}

	@Test
	void issuerAndAudienceAreCheckedWhenSet() {
		try (RunningServer server = RunningServer.start("cfg.grpc.auth.require-auth=true",
				"cfg.grpc.auth.jwt-issuer=https://issuer.example", "cfg.grpc.auth.jwt-audience=orders")) {
			String id = userId(server, "alice");
			long now = System.currentTimeMillis() / 1000;
			String claims = "\"token_type\":\"access\",\"exp\":" + (now + 300) + ",\"user_id\":" + id;
			String good = hs256("{" + claims + ",\"iss\":\"https://issuer.example\",\"aud\":\"orders\"}");
			assertThat(AuthTest.whoAmI(Tokens.bearer(server.channel(), good))).isEqualTo("alice|alice");
			for (String bad : new String[] { "{" + claims + ",\"aud\":\"orders\"}",
					"{" + claims + ",\"iss\":\"https://other.example\",\"aud\":\"orders\"}",
					"{" + claims + ",\"iss\":\"https://issuer.example\",\"aud\":\"billing\"}" }) {
				AuthTest.assertUnauthenticated(Tokens.bearer(server.channel(), hs256(bad)),
						"Invalid or expired authentication token");
			}
		}
	}

	@Test
	void leewayAcceptsRecentlyExpiredTokensAndVerifyExpOffAcceptsAll() {
		try (RunningServer server = RunningServer.start("cfg.grpc.auth.require-auth=true",
				"cfg.grpc.auth.jwt-leeway=60s")) {
			String id = userId(server, "alice");
			assertThat(AuthTest.whoAmI(Tokens.bearer(server.channel(), Tokens.simplejwt(Long.parseLong(id), "access", -20))))
				.isEqualTo("alice|alice");
			AuthTest.assertUnauthenticated(
					Tokens.bearer(server.channel(), Tokens.simplejwt(Long.parseLong(id), "access", -120)),
					"Invalid or expired authentication token");
		}
		try (RunningServer server = RunningServer.start("cfg.grpc.auth.require-auth=true",
				"cfg.grpc.auth.jwt-verify-exp=false")) {
			String id = userId(server, "alice");
			assertThat(AuthTest.whoAmI(
					Tokens.bearer(server.channel(), Tokens.simplejwt(Long.parseLong(id), "access", -86_400))))
				.isEqualTo("alice|alice");
		}
	}

	@Test
	void userIdClaimIsConfigurable() {
		try (RunningServer server = RunningServer.start("cfg.grpc.auth.require-auth=true",
				"cfg.grpc.auth.user-id-claim=sub")) {
			String id = userId(server, "alice");
			long now = System.currentTimeMillis() / 1000;
			String token = hs256("{\"token_type\":\"access\",\"exp\":" + (now + 300) + ",\"sub\":\"" + id + "\"}");
			assertThat(AuthTest.whoAmI(Tokens.bearer(server.channel(), token))).isEqualTo("alice|alice");
		}
	}

	@Test
	void missingSecretFailsStartupNamingTheSettingOutsideTheDevProfile() {
		assertThat(RunningServer.startupFailure("cfg.secret-key=")).startsWith(
				"No key to verify tokens with: cfg.grpc.auth.jwt-secret-key and cfg.secret-key are both unset.");
		try (RunningServer server = RunningServer.start("cfg.secret-key=", "spring.profiles.active=dev")) {
			String alice = signIn(server, "alice");
			assertThat(AuthTest.whoAmI(Tokens.bearer(server.channel(), alice))).isEqualTo("alice|alice");
		}
	}

	@Test
	void shortSecretFailsStartupWithoutShowingIt() {
		assertThat(RunningServer.startupFailure("cfg.grpc.auth.jwt-secret-key=short-secret"))
			.isEqualTo("Invalid value for cfg.grpc.auth.jwt-secret-key: '(12 bytes, not shown)'. "
					+ "Allowed: a secret of at least 32 bytes for HS256.")
			.doesNotContain("short-secret'");
	}

	@Test
	void rs256TokensAreVerifiedWithAPemPublicKeyAndAlgorithmConfusionIsRefused(@TempDir Path dir) throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair keys = generator.generateKeyPair();
		String pem = "-----BEGIN PUBLIC KEY-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPublic().getEncoded())
				+ "\n-----END PUBLIC KEY-----\n";
		Path pemFile = dir.resolve("public.pem");
		Files.writeString(pemFile, pem);
		try (RunningServer server = RunningServer.start("cfg.grpc.auth.require-auth=true",
				"cfg.grpc.auth.jwt-algorithm=RS256", "cfg.grpc.auth.jwt-public-key=file:" + pemFile)) {
			String id = userId(server, "alice");
			SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256),
					new JWTClaimsSet.Builder().claim("token_type", "access")
						.claim("user_id", Long.parseLong(id))
						.expirationTime(new Date(System.currentTimeMillis() + 300_000))
						.build());
			jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
			assertThat(AuthTest.whoAmI(Tokens.bearer(server.channel(), jwt.serialize()))).isEqualTo("alice|alice");
			long now = System.currentTimeMillis() / 1000;
			String confused = Tokens.sign("{\"alg\":\"HS256\"}",
					"{\"token_type\":\"access\",\"exp\":" + (now + 300) + ",\"user_id\":" + id + "}", pem, "HmacSHA256");
			AuthTest.assertUnauthenticated(Tokens.bearer(server.channel(), confused),
					"Invalid or expired authentication token");
		}
	}

	@Test
	void rs256TokensAreVerifiedWithKeysFetchedFromAJwkSetUri() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair published = generator.generateKeyPair();
		KeyPair stranger = generator.generateKeyPair();
		String jwkSet = new JWKSet(new RSAKey.Builder((RSAPublicKey) published.getPublic()).keyID("published").build())
			.toString();
		HttpServer identityProvider = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		AtomicInteger fetched = new AtomicInteger();
		identityProvider.createContext("/jwks.json", (exchange) -> {
			fetched.incrementAndGet();
			byte[] body = jwkSet.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		identityProvider.start();
		String uri = "http://127.0.0.1:" + identityProvider.getAddress().getPort() + "/jwks.json";
		try (RunningServer server = RunningServer.start("cfg.grpc.auth.require-auth=true",
				"cfg.grpc.auth.jwt-algorithm=RS256", "cfg.grpc.auth.jwt-jwk-set-uri=" + uri)) {
			String id = userId(server, "alice");
			assertThat(AuthTest.whoAmI(Tokens.bearer(server.channel(), rs256(id, "published", published))))
				.isEqualTo("alice|alice");
			assertThat(fetched.get()).as("the key set was fetched from the URI").isPositive();
			// Signed by a key the identity provider does not publish, under its key id or another.
			AuthTest.assertUnauthenticated(Tokens.bearer(server.channel(), rs256(id, "published", stranger)),
					"Invalid or expired authentication token");
			AuthTest.assertUnauthenticated(Tokens.bearer(server.channel(), rs256(id, "other", stranger)),
					"Invalid or expired authentication token");
			// The identity provider goes away: an unknown key id cannot be looked up, and the caller
			// is refused with the usual status, not an internal error.
			identityProvider.stop(0);
			AuthTest.assertUnauthenticated(Tokens.bearer(server.channel(), rs256(id, "rotated", stranger)),
					"Invalid or expired authentication token");
		}
		finally {
			identityProvider.stop(0);
		}
	}

	private static String rs256(String userId, String keyId, KeyPair keys) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).build(),
				new JWTClaimsSet.Builder().claim("token_type", "access")
					.claim("user_id", Long.parseLong(userId))
					.expirationTime(new Date(System.currentTimeMillis() + 300_000))
					.build());
		jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
		return jwt.serialize();
	}

	@Test
	void es256TokensAreVerifiedWithAPemPublicKeyGivenInline() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
		KeyPair keys = generator.generateKeyPair();
		String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(keys.getPublic().getEncoded())
				+ "\n-----END PUBLIC KEY-----";
		try (RunningServer server = RunningServer.start("cfg.grpc.auth.require-auth=true",
				"cfg.grpc.auth.jwt-algorithm=ES256", "cfg.grpc.auth.jwt-public-key=" + pem)) {
			String id = userId(server, "alice");
			SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256),
					new JWTClaimsSet.Builder().claim("token_type", "access")
						.claim("user_id", id)
						.expirationTime(new Date(System.currentTimeMillis() + 300_000))
						.build());
			jwt.sign(new com.nimbusds.jose.crypto.ECDSASigner((java.security.interfaces.ECPrivateKey) keys.getPrivate()));
			assertThat(AuthTest.whoAmI(Tokens.bearer(server.channel(), jwt.serialize()))).isEqualTo("alice|alice");
			AuthTest.assertUnauthenticated(Tokens.bearer(server.channel(), Tokens.simplejwt(Long.parseLong(id), "access", 300)),
					"Invalid or expired authentication token");
		}
	}

	@Test
	void anApplicationsOwnUserResolverReplacesTheStore() {
		try (RunningServer server = RunningServer.start(dev.cfg.grpc.ownusers.OwnUsersApplication.class,
				"cfg.grpc.auth.require-auth=true")) {
			String token = server.context().getBean(TokenIssuer.class).accessToken("ext-42", Duration.ofMinutes(5));
			assertThat(AuthTest.whoAmI(Tokens.bearer(server.channel(), token))).isEqualTo("external-user|external-user");
			AuthTest.assertUnauthenticated(Tokens.bearer(server.channel(),
					server.context().getBean(TokenIssuer.class).accessToken("ext-0", Duration.ofMinutes(5))),
					"Invalid or expired authentication token");
		}
	}

	@Test
	void asymmetricAlgorithmWithoutAKeyFailsStartup() {
		assertThat(RunningServer.startupFailure("cfg.grpc.auth.jwt-algorithm=ES256"))
			.startsWith("Invalid value for cfg.grpc.auth.jwt-algorithm: 'ES256'")
			.contains("cfg.grpc.auth.jwt-public-key");
	}

	private static String hs256(String payload) {
		return Tokens.sign("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", payload, Tokens.SECRET, "HmacSHA256");
	}

	private static String userId(RunningServer server, String username) {
		UserStore users = server.context().getBean(UserStore.class);
		return String.valueOf(users.findByUsername(username)
			.orElseGet(() -> users.createUser(username, "", "pw", false, false))
			.getId());
	}

	private static String signIn(RunningServer server, String username) {
		return server.context().getBean(TokenIssuer.class).accessToken(userId(server, username), Duration.ofMinutes(5));
	}

}
