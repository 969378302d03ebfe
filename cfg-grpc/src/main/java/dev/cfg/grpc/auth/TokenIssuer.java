package dev.cfg.grpc.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import javax.crypto.SecretKey;

import com.nimbusds.jose.jwk.source.ImmutableSecret;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import dev.cfg.grpc.config.CfgGrpcProperties;

/**
 * Issues access and refresh tokens in the simplejwt format ({@code token_type}, {@code exp},
 * {@code iat}, {@code jti} and the user claim), signed with the configured HS* secret, so Django
 * and Python services that share the secret accept them too.
 */
public final class TokenIssuer {

	private final JwtEncoder encoder;

	private final CfgGrpcProperties.Auth auth;

	/** Needed only to refresh: the token command issues without building the verifier. */
	private final Supplier<TokenVerifier> verifier;

	private final Clock clock;

	TokenIssuer(SecretKey secret, CfgGrpcProperties.Auth auth, Supplier<TokenVerifier> verifier, Clock clock) {
		this.encoder = (secret != null) ? new NimbusJwtEncoder(new ImmutableSecret<>(secret)) : null;
		this.auth = auth;
		this.verifier = verifier;
		this.clock = clock;
	}

	/**
	 * An access token for a user.
	 * @param userId the user's id
	 * @param lifetime how long the token is valid
	 * @return the compact JWT
	 */
	public String accessToken(String userId, Duration lifetime) {
		return token(userId, "access", lifetime);
	}

	/**
	 * An access token and a refresh token with the configured lifetimes.
	 * @param userId the user's id
	 * @return both tokens
	 */
	public Tokens tokens(String userId) {
		return new Tokens(token(userId, "access", this.auth.accessTokenLifetime()),
				token(userId, "refresh", this.auth.refreshTokenLifetime()));
	}

	/**
	 * A new access token for the user of a valid refresh token.
	 * @param refreshToken the refresh token
	 * @return the access token, or empty when the refresh token is not valid
	 */
	public Optional<String> refresh(String refreshToken) {
		return refresh(refreshToken, (userId) -> true);
	}

	/**
	 * A new access token for the user of a valid refresh token, if that user may still have one.
	 * @param refreshToken a refresh token
	 * @param userStillValid whether the token's user (by id) still exists and may sign in
	 * @return the access token, or empty for an invalid token or a user who may not
	 */
	public Optional<String> refresh(String refreshToken, java.util.function.Predicate<String> userStillValid) {
		return this.verifier.get().refreshTokenUser(refreshToken)
			.filter(userStillValid)
			.map((userId) -> token(userId, "access", this.auth.accessTokenLifetime()));
	}

	private String token(String userId, String type, Duration lifetime) {
		if (this.encoder == null) {
			throw new IllegalStateException("cfg-grpc issues tokens only with an HS* key (cfg.grpc.auth.jwt-algorithm is "
					+ this.auth.jwtAlgorithm() + "); tokens come from the identity provider that holds the private key.");
		}
		Instant now = this.clock.instant();
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.claim("token_type", type)
			.expiresAt(now.plus(lifetime))
			.issuedAt(now)
			.id(UUID.randomUUID().toString().replace("-", ""))
			.claim(this.auth.userIdClaim(), userIdClaim(userId))
			.build();
		JwsHeader header = JwsHeader.with(MacAlgorithm.from(this.auth.jwtAlgorithm())).type("JWT").build();
		return this.encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
	}

	/** simplejwt writes numeric ids as JSON numbers; keep them so for other verifiers. */
	private static Object userIdClaim(String userId) {
		return userId.matches("\\d{1,18}") ? (Object) Long.valueOf(userId) : userId;
	}

	/**
	 * An access token and a refresh token.
	 *
	 * @param access the access token
	 * @param refresh the refresh token
	 */
	public record Tokens(String access, String refresh) {
	}

}
