package dev.cfg.grpc.client;

import java.time.Clock;
import java.util.Map;

import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.grpc.client.GlobalClientInterceptor;
import org.springframework.grpc.client.GrpcChannelBuilderCustomizer;
import org.springframework.grpc.client.GrpcChannelFactory;

import dev.cfg.grpc.auth.TokenIssuer;
import dev.cfg.grpc.config.CfgGrpcConfigException;
import dev.cfg.grpc.config.CfgGrpcProperties;
import dev.cfg.grpc.config.ClientSettings;
import dev.cfg.grpc.config.ConditionalOnCfgGrpcEnabled;
import dev.cfg.grpc.users.UserStore;

/**
 * cfg-grpc's part of the channels configured under {@code cfg.grpc.client.channels}: their
 * credentials, the parent request id and compression, added to Spring Boot's channel builder by
 * channel name; and {@code grpc.client.call.*} metrics of every channel.
 */
@AutoConfiguration(afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"dev.cfg.grpc.auth.CfgGrpcTokensAutoConfiguration", "dev.cfg.grpc.users.CfgGrpcUsersAutoConfiguration" },
		beforeName = "org.springframework.boot.grpc.client.autoconfigure.GrpcClientAutoConfiguration")
@ConditionalOnCfgGrpcEnabled
@ConditionalOnClass(GrpcChannelFactory.class)
public final class CfgGrpcClientAutoConfiguration {

	@Bean
	<T extends ManagedChannelBuilder<T>> GrpcChannelBuilderCustomizer<T> cfgGrpcChannels(CfgGrpcProperties properties,
			ObjectProvider<TokenIssuer> issuer, ObjectProvider<UserStore> users, ObjectProvider<Clock> clock) {
		Map<String, OutgoingCalls> byName = new java.util.HashMap<>();
		properties.client().channels().forEach((name, channel) -> byName.put(name,
				new OutgoingCalls(credential(name, channel, properties.auth(), issuer, users, clock), channel.compression())));
		return (name, builder) -> {
			OutgoingCalls outgoing = byName.get(name);
			if (outgoing != null) {
				builder.intercept(outgoing);
			}
		};
	}

	@Bean
	@GlobalClientInterceptor
	@ConditionalOnBean(MeterRegistry.class)
	ClientCallMetrics cfgGrpcClientCallMetrics(MeterRegistry registry) {
		return new ClientCallMetrics(registry);
	}

	private static Credential credential(String name, ClientSettings.Channel channel, CfgGrpcProperties.Auth auth,
			ObjectProvider<TokenIssuer> issuer, ObjectProvider<UserStore> users, ObjectProvider<Clock> clock) {
		return switch (channel.credentials()) {
			case ClientSettings.Channel.API_KEY -> Credential
				.fixed(Metadata.Key.of(auth.apiKeyHeader(), Metadata.ASCII_STRING_MARSHALLER), channel.apiKey());
			case ClientSettings.Channel.FORWARD -> new ForwardedCredential(auth.tokenHeader(), auth.apiKeyHeader());
			case ClientSettings.Channel.SERVICE_USER -> {
				TokenIssuer tokens = issuer.getIfAvailable();
				UserStore store = users.getIfAvailable();
				if (tokens == null || store == null) {
					throw new CfgGrpcConfigException("cfg.grpc.client.channels." + name
							+ ".credentials=service-user needs cfg-grpc's tokens and users, and "
							+ ((tokens == null) ? "tokens are off" : "the built-in user store is off") + ".",
							"Keep cfg.grpc.auth.enabled and cfg.grpc.users.enabled on, with cfg.secret-key set, "
									+ "or choose credentials=api-key or forward.");
				}
				yield new ServiceUserToken(channel.username(), tokens, store, auth.accessTokenLifetime(),
						clock.getIfUnique(Clock::systemUTC), auth.tokenHeader(), auth.tokenPrefix());
			}
			default -> Credential.NONE;
		};
	}

}
