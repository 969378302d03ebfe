package dev.cfg.grpc.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import javax.crypto.SecretKey;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import dev.cfg.grpc.config.CfgGrpcProperties;

/**
 * Verifies JWTs with Spring Security's Nimbus decoder: the configured algorithm only (so
 * {@code alg: none} and algorithm confusion are refused), expiry with leeway, issuer and
 * audience when set, the token type, and the user claim. Tokens in the format of Django REST
 * framework simplejwt ({@code user_id}, {@code token_type}, {@code exp}, {@code iat},
 * {@code jti}) minted by any program with the same secret are accepted.
 */
final class TokenVerifier {

	private static final Log logger = LogFactory.getLog(TokenVerifier.class);

	private static final int MAX_CACHED = 10_000;

	private static final long CACHE_MILLIS = 60_000;

	private static final Base64.Decoder BASE64URL_DECODER = Base64.getUrlDecoder();

	private static final Base64.Encoder BASE64URL_ENCODER = Base64.getUrlEncoder().withoutPadding();

	private final JwtDecoder accessDecoder;

	private final JwtDecoder refreshDecoder;

	private final String userIdClaim;

	private final boolean verifyExp;

	private final long leewayMillis;

	/**
	 * Access tokens already verified: a client sends the same token on every call, and checking
	 * its signature and claims again each time would be most of the cost of auth.
	 */
	private final Cache<String, Verified> verified = Caffeine.newBuilder()
		.maximumSize(MAX_CACHED)
		.expireAfterWrite(Duration.ofMillis(CACHE_MILLIS))
		.build();

	private final Clock clock;

	private TokenVerifier(JwtDecoder accessDecoder, JwtDecoder refreshDecoder, CfgGrpcProperties.Auth auth,
			Clock clock) {
		this.accessDecoder = accessDecoder;
		this.clock = clock;
		this.refreshDecoder = refreshDecoder;
		this.userIdClaim = auth.userIdClaim();
		this.verifyExp = auth.jwtVerifyExp();
		this.leewayMillis = auth.jwtLeeway().toMillis();
	}

	static TokenVerifier withSecret(CfgGrpcProperties.Auth auth, SecretKey secret, Clock clock) {
		MacAlgorithm algorithm = MacAlgorithm.from(auth.jwtAlgorithm());
		return new TokenVerifier(validated(NimbusJwtDecoder.withSecretKey(secret).macAlgorithm(algorithm).build(), auth,
				"access", clock), validated(NimbusJwtDecoder.withSecretKey(secret).macAlgorithm(algorithm).build(), auth,
						"refresh", clock),
				auth, clock);
	}

	static TokenVerifier withPublicKeys(CfgGrpcProperties.Auth auth, Clock clock) {
		return new TokenVerifier(validated(publicKeyDecoder(auth), auth, "access", clock),
				validated(publicKeyDecoder(auth), auth, "refresh", clock), auth, clock);
	}

	private static NimbusJwtDecoder publicKeyDecoder(CfgGrpcProperties.Auth auth) {
		if (auth.jwtJwkSetUri() != null && !auth.jwtJwkSetUri().isBlank()) {
			return NimbusJwtDecoder.withJwkSetUri(auth.jwtJwkSetUri())
				.jwsAlgorithm(SignatureAlgorithm.from(auth.jwtAlgorithm()))
				.build();
		}
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.parse(auth.jwtAlgorithm()),
				new ImmutableJWKSet<>(new JWKSet(SigningKeys.publicKey(auth)))));
		// Claims are checked by Spring's validators below, like the builders of NimbusJwtDecoder do.
		processor.setJWTClaimsSetVerifier((claims, context) -> {
		});
		return new NimbusJwtDecoder(processor);
	}

	private static JwtDecoder validated(NimbusJwtDecoder decoder, CfgGrpcProperties.Auth auth, String tokenType,
			Clock clock) {
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		if (auth.jwtVerifyExp()) {
			JwtTimestampValidator times = new JwtTimestampValidator(auth.jwtLeeway());
			times.setClock(clock);
			validators.add(times);
			validators.add(new JwtClaimValidator<Object>("exp", (exp) -> exp != null));
		}
		if (auth.jwtIssuer() != null && !auth.jwtIssuer().isBlank()) {
			validators.add(new JwtIssuerValidator(auth.jwtIssuer()));
		}
		if (auth.jwtAudience() != null && !auth.jwtAudience().isBlank()) {
			validators.add((jwt) -> (jwt.getAudience() != null && jwt.getAudience().contains(auth.jwtAudience()))
					? OAuth2TokenValidatorResult.success() : failure("wrong audience"));
		}
		validators.add((jwt) -> tokenType.equals(jwt.getClaimAsString("token_type")) ? OAuth2TokenValidatorResult.success()
				: failure("token_type is not " + tokenType));
		validators.add((jwt) -> (jwt.getClaims().get(auth.userIdClaim()) != null) ? OAuth2TokenValidatorResult.success()
				: failure("no " + auth.userIdClaim() + " claim"));
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
		return decoder;
	}

	/**
	 * Whether a token is a compact JWS in canonical base64url: three segments, only base64url
	 * characters, and each segment exactly as it re-encodes. Nimbus decodes leniently (it skips
	 * stray characters and ignores unused bits), so without this check different strings would
	 * stand for the same token; a credential must have one spelling.
	 */
	static boolean isCanonical(String token) {
		String[] segments = token.split("\\.", -1);
		if (segments.length != 3) {
			return false;
		}
		for (String segment : segments) {
			if (segment.isEmpty() || !segment.chars().allMatch(TokenVerifier::isBase64Url)) {
				return false;
			}
			try {
				byte[] bytes = BASE64URL_DECODER.decode(segment);
				if (!BASE64URL_ENCODER.encodeToString(bytes).equals(segment)) {
					return false;
				}
			}
			catch (IllegalArgumentException ex) {
				return false;
			}
		}
		return true;
	}

	private static boolean isBase64Url(int c) {
		return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
	}

	private static OAuth2TokenValidatorResult failure(String description) {
		return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", description, null));
	}

	/**
	 * The user id of a valid access token.
	 * @param token the compact JWT
	 * @return the user id, or empty for any token that is not a valid access token
	 */
	Optional<String> accessTokenUser(String token) {
		long now = this.clock.millis();
		Verified cached = this.verified.getIfPresent(token);
		if (cached != null && cached.validUntil() > now) {
			return Optional.of(cached.userId());
		}
		Optional<Jwt> jwt = decode(this.accessDecoder, token);
		jwt.ifPresent((valid) -> {
			long until = now + CACHE_MILLIS;
			if (this.verifyExp && valid.getExpiresAt() != null) {
				until = Math.min(until, valid.getExpiresAt().toEpochMilli() + this.leewayMillis);
			}
			this.verified.put(token, new Verified(userIdOf(valid), until));
		});
		return jwt.map(this::userIdOf);
	}

	/**
	 * The user id of a valid refresh token.
	 * @param token the compact JWT
	 * @return the user id, or empty for any token that is not a valid refresh token
	 */
	Optional<String> refreshTokenUser(String token) {
		return decode(this.refreshDecoder, token).map(this::userIdOf);
	}

	private String userIdOf(Jwt jwt) {
		return String.valueOf(jwt.getClaims().get(this.userIdClaim));
	}

	private static Optional<Jwt> decode(JwtDecoder decoder, String token) {
		if (!isCanonical(token)) {
			return Optional.empty();
		}
		try {
			return Optional.of(decoder.decode(token));
		}
		catch (RuntimeException ex) {
			// Never log the token itself: it is a credential.
			logger.debug("Token refused: " + ex.getMessage());
			return Optional.empty();
		}
	}

	/** A token that passed every check, reusable until it expires (or for a minute at most). */
	private record Verified(String userId, long validUntil) {
	}

}
