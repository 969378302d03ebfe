package dev.cfg.grpc.auth;

import java.time.Clock;

import javax.crypto.SecretKey;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import dev.cfg.grpc.config.CfgGrpcConfigAutoConfiguration;
import dev.cfg.grpc.config.CfgGrpcProperties;
import dev.cfg.grpc.config.ConditionalOnCfgGrpcEnabled;

/**
 * Access and refresh tokens: the signing key from {@code cfg.grpc.auth} (or {@code cfg.secret-key}),
 * the {@link TokenVerifier} and the {@link TokenIssuer}, while {@code cfg.grpc.auth.enabled} is on.
 * Apart from the authentication of calls ({@link CfgGrpcAuthAutoConfiguration}), so that the
 * {@code token} command can issue tokens without the call pipeline and method security.
 */
@AutoConfiguration(after = CfgGrpcConfigAutoConfiguration.class)
@ConditionalOnCfgGrpcEnabled
@ConditionalOnBooleanProperty(name = "cfg.grpc.auth.enabled", matchIfMissing = true)
public final class CfgGrpcTokensAutoConfiguration {

	@Bean
	SigningSecret cfgGrpcSigningSecret(CfgGrpcProperties properties, Environment environment) {
		return new SigningSecret(
				properties.auth().usesSharedSecret() ? SigningKeys.secret(properties.auth(), environment) : null);
	}

	@Bean
	TokenVerifier cfgGrpcTokenVerifier(CfgGrpcProperties properties, SigningSecret secret, ObjectProvider<Clock> clock) {
		CfgGrpcProperties.Auth auth = properties.auth();
		return (secret.key() != null) ? TokenVerifier.withSecret(auth, secret.key(), clock.getIfUnique(Clock::systemUTC))
				: TokenVerifier.withPublicKeys(auth, clock.getIfUnique(Clock::systemUTC));
	}

	@Bean
	@ConditionalOnMissingBean
	TokenIssuer cfgGrpcTokenIssuer(CfgGrpcProperties properties, SigningSecret secret,
			ObjectProvider<TokenVerifier> verifier, ObjectProvider<Clock> clock) {
		return new TokenIssuer(secret.key(), properties.auth(), verifier::getObject, clock.getIfUnique(Clock::systemUTC));
	}

	/** The HS* key, made once so that the verifier and the issuer share it; null for RS* and ES*. */
	record SigningSecret(SecretKey key) {
	}

}
