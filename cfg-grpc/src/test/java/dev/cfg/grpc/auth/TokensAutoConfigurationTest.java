package dev.cfg.grpc.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.cfg.grpc.AutoConfigurationRunners;
import dev.cfg.grpc.config.CfgGrpcConfigAutoConfiguration;
import dev.cfg.grpc.config.CfgGrpcProperties;
import dev.cfg.grpc.testapp.MovableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens: issued and verified with the configured key, off with auth or cfg-grpc, refused at
 * startup without a key, replaced by an application's own issuer, and timed by the application's
 * clock when it has one.
 */
class TokensAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CfgGrpcConfigAutoConfiguration.class, CfgGrpcTokensAutoConfiguration.class))
		.withPropertyValues(AutoConfigurationRunners.SECRET);

	@Test
	void issuesTokensItVerifies() {
		this.runner.run((context) -> {
			String access = context.getBean(TokenIssuer.class).tokens("7").access();
			assertThat(context.getBean(TokenVerifier.class).accessTokenUser(access)).hasValue("7");
		});
	}

	@Test
	void offWithAuthOrCfgGrpc() {
		for (String off : new String[] { "cfg.grpc.auth.enabled=false", "cfg.grpc.enabled=false" }) {
			this.runner.withPropertyValues(off)
				.run((context) -> assertThat(context).hasNotFailed()
					.doesNotHaveBean(TokenIssuer.class)
					.doesNotHaveBean(TokenVerifier.class));
		}
	}

	@Test
	void withoutAKeyStartupStopsNamingTheSetting() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CfgGrpcConfigAutoConfiguration.class, CfgGrpcTokensAutoConfiguration.class))
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("cfg.secret-key"));
	}

	@Test
	void anApplicationsOwnIssuerWins() {
		this.runner.withUserConfiguration(OwnIssuer.class)
			.run((context) -> assertThat(context).hasSingleBean(TokenIssuer.class).hasBean("ownIssuer"));
	}

	@Test
	void tokensLiveByTheApplicationsClock() {
		MovableClock clock = new MovableClock(Instant.parse("2030-01-01T00:00:00Z"));
		this.runner.withBean(Clock.class, () -> clock)
			.withPropertyValues("cfg.grpc.auth.access-token-lifetime=10m", "cfg.grpc.auth.jwt-leeway=0s")
			.run((context) -> {
				String access = context.getBean(TokenIssuer.class).tokens("7").access();
				TokenVerifier verifier = context.getBean(TokenVerifier.class);
				assertThat(verifier.accessTokenUser(access)).as("valid in 2030 by the application's clock").hasValue("7");
				clock.advance(Duration.ofMinutes(11));
				assertThat(verifier.accessTokenUser(access)).as("expired ten minutes later, without waiting").isEmpty();
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnIssuer {

		@Bean
		TokenIssuer ownIssuer(CfgGrpcProperties properties) {
			return new TokenIssuer(null, properties.auth(), () -> null, Clock.systemUTC());
		}

	}

}
