package dev.cfg.grpc.auth;

import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

import dev.cfg.grpc.auth.internal.HeaderAuthentication;
import dev.cfg.grpc.config.CfgGrpcConfigAutoConfiguration;
import dev.cfg.grpc.config.CfgGrpcConfigException;
import dev.cfg.grpc.config.CfgGrpcProperties;
import dev.cfg.grpc.config.ConditionalOnCfgGrpcEnabled;
import dev.cfg.grpc.pipeline.PipelineOrder;
import dev.cfg.grpc.pipeline.internal.CallStages;

/**
 * Authentication of gRPC calls with JWTs and API keys tied to application users, and method
 * security ({@code @PreAuthorize}) on services. The user comes from the {@link UserResolver} bean:
 * cfg-grpc's user store unless the application declares its own. Turn authentication off with
 * {@code cfg.grpc.auth.enabled=false} (every call is then anonymous), or all of cfg-grpc with
 * {@code cfg.grpc.enabled=false}.
 */
@AutoConfiguration(after = { CfgGrpcConfigAutoConfiguration.class, CfgGrpcTokensAutoConfiguration.class },
		afterName = "dev.cfg.grpc.users.CfgGrpcUsersAutoConfiguration")
@ConditionalOnCfgGrpcEnabled
@EnableMethodSecurity
public final class CfgGrpcAuthAutoConfiguration {

	@Bean
	@ConditionalOnBean(UserResolver.class)
	PrincipalCache cfgGrpcPrincipalCache(UserResolver resolver, CfgGrpcProperties properties) {
		return new PrincipalCache(resolver, properties.auth().userCacheTtl());
	}

	/** The auth stage of the pipeline, while {@code cfg.grpc.auth.enabled} is on. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "cfg.grpc.auth.enabled", matchIfMissing = true)
	static class TokenAuthentication {

		@Bean
		@ConditionalOnBean(UserResolver.class)
		HeaderAuthentication cfgGrpcBearerAuthentication(CfgGrpcProperties properties, TokenVerifier tokens,
				PrincipalCache principals) {
			return new BearerAuthentication(BearerHeader.of(properties.auth()), tokens, principals);
		}

		@Bean
		@GlobalServerInterceptor
		@Order(PipelineOrder.AUTH)
		AuthInterceptor cfgGrpcAuthInterceptor(CfgGrpcProperties properties, TokenVerifier tokens,
				ObjectProvider<PrincipalCache> principals, ObjectProvider<ApiKeyCheck> apiKeys, CallStages stages) {
			PrincipalCache cache = principals.getIfAvailable();
			if (cache == null) {
				throw new CfgGrpcConfigException(
						"cfg.grpc.auth is on but there is no UserResolver bean to look users up.",
						"Keep cfg-grpc's user store (on by default), declare a UserResolver bean, or set "
								+ "cfg.grpc.auth.enabled=false.");
			}
			return new AuthInterceptor(properties.auth(), tokens, cache,
					apiKeys.getIfAvailable(() -> (key) -> Optional.empty()),
					"cn".equals(properties.server().tls().clientCertificateUser()), stages);
		}

	}

}
