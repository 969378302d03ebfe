package dev.cfg.grpc.users;

import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.cfg.grpc.auth.CallPrincipal;
import dev.cfg.grpc.auth.TokenIssuer;
import dev.cfg.grpc.auth.UserResolver;
import dev.cfg.grpc.config.CfgGrpcProperties;
import dev.cfg.grpc.config.ConditionalOnCfgGrpcEnabled;
import dev.cfg.grpc.config.internal.PeriodicTask;

/**
 * The built-in user store ({@code cfg_user}, {@code cfg_group}, {@code cfg_permission}) and the
 * {@link UserResolver} over it. Replace the resolver by declaring your own {@link UserResolver}
 * bean; turn the store off with {@code cfg.grpc.users.enabled=false}. It stays on when gRPC is off
 * ({@code cfg.grpc.enabled=false}): application code may still use its users.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
		"org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "cfg.grpc.users.enabled", matchIfMissing = true)
@ConditionalOnBean({ JdbcTemplate.class, PlatformTransactionManager.class })
public final class CfgGrpcUsersAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PasswordEncoder cfgGrpcPasswordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	@ConditionalOnMissingBean
	UserStore cfgGrpcUserStore(JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
			PasswordEncoder passwords, ApplicationEventPublisher events, ObjectProvider<Clock> clock) {
		return new UserStore(jdbc, new TransactionTemplate(transactionManager), passwords, events,
				clock.getIfUnique(Clock::systemUTC));
	}

	@Bean
	@ConditionalOnMissingBean(UserResolver.class)
	UserResolver cfgGrpcStoreUserResolver(UserStore users) {
		return new StoreUserResolver(users);
	}

	@Bean(destroyMethod = "")
	@ConditionalOnMissingBean
	ApiKeyStore cfgGrpcApiKeyStore(JdbcTemplate jdbc, UserStore users, UserResolver resolver,
			CfgGrpcProperties properties, ObjectProvider<Clock> clock) {
		return new ApiKeyStore(jdbc, users, resolver, properties.auth().userCacheTtl(),
				clock.getIfUnique(Clock::systemUTC));
	}

	/** The HTTP endpoints that turn a username and password into tokens. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnCfgGrpcEnabled
	@ConditionalOnBooleanProperty(name = "cfg.grpc.auth.enabled", matchIfMissing = true)
	static class TokenEndpointConfiguration {

		@Bean
		TokenEndpoint cfgGrpcTokenEndpoint(UserStore users, TokenIssuer issuer, LoginThrottle throttle) {
			return new TokenEndpoint(users, issuer, throttle);
		}

	}

	/** Every password check of the application goes through it: token endpoint, HTTP Basic, forms. */
	@Bean
	LoginThrottle cfgGrpcLoginThrottle(CfgGrpcProperties properties, ObjectProvider<Clock> clock) {
		return new LoginThrottle(properties.auth().loginMaxFailures(), properties.auth().loginFailureWindow(),
				clock.getIfUnique(Clock::systemUTC));
	}

	/**
	 * HTTP logins (Basic, forms) against the same users, through the login throttle. Spring
	 * Security uses this provider for its global authentication manager; Boot then makes up no
	 * password. An application that declares its own {@link UserDetailsService} keeps it.
	 */
	@Bean
	@ConditionalOnMissingBean(UserDetailsService.class)
	AuthenticationProvider cfgGrpcPasswordAuthentication(UserStore users, PasswordEncoder passwords,
			LoginThrottle throttle) {
		DaoAuthenticationProvider dao = new DaoAuthenticationProvider(userDetails(users));
		dao.setPasswordEncoder(passwords);
		return new ThrottledPasswordAuthentication(dao, throttle);
	}

	/** Lets HTTP logins (form, basic) use the same users. */
	@Bean
	@ConditionalOnMissingBean(UserDetailsService.class)
	UserDetailsService cfgGrpcUserDetailsService(UserStore users) {
		return userDetails(users);
	}

	private static UserDetailsService userDetails(UserStore users) {
		return (username) -> users.findByUsername(username)
			.map((user) -> User.withUsername(user.getUsername())
				.password(users.passwordHash(user))
				.disabled(!user.isActive())
				.authorities(CallPrincipal.authorities(user.permissionNames(), user.isStaff(), user.isSuperuser())
					.toArray(String[]::new))
				.build())
			.orElseThrow(() -> new UsernameNotFoundException(username));
	}

	/**
	 * Writes API key use every few seconds, and once more when the application stops, after the
	 * gRPC server (phase {@code Integer.MAX_VALUE}), so the last calls are counted.
	 */
	@Bean
	PeriodicTask cfgGrpcApiKeyUsageWriter(ApiKeyStore keys) {
		return new PeriodicTask("cfg-grpc-api-key-usage", Duration.ofSeconds(5), Duration.ofSeconds(5),
				keys::flushUsage, keys::flushUsage, Integer.MAX_VALUE - 1);
	}

}
