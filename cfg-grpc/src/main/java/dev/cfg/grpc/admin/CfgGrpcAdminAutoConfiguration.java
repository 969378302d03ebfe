package dev.cfg.grpc.admin;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.server.servlet.CookieSameSiteSupplier;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.thymeleaf.spring6.SpringTemplateEngine;

import dev.cfg.grpc.auth.TokenIssuer;
import dev.cfg.grpc.config.CfgGrpcProperties;
import dev.cfg.grpc.config.ConditionalOnCfgGrpcEnabled;
import dev.cfg.grpc.fleet.ServerInstances;
import dev.cfg.grpc.log.CfgGrpcLogAutoConfiguration;
import dev.cfg.grpc.log.RequestLog;
import dev.cfg.grpc.pipeline.ActiveCalls;
import dev.cfg.grpc.pipeline.ServerInstance;
import dev.cfg.grpc.server.ServiceRegistry;
import dev.cfg.grpc.users.ApiKeyStore;
import dev.cfg.grpc.users.UserStore;
import dev.cfg.grpc.web.CfgGrpcWebSecurityAutoConfiguration;

/**
 * The admin web pages, on by default when the application serves HTTP and keeps the request log.
 * Off with {@code cfg.grpc.admin.enabled=false} or {@code cfg.grpc.enabled=false}; not there
 * without a servlet web server, Spring Security or Thymeleaf. The pages for API keys and users are
 * there only with the built-in user store.
 */
@AutoConfiguration(after = { CfgGrpcLogAutoConfiguration.class, CfgGrpcWebSecurityAutoConfiguration.class },
		afterName = { "org.springframework.boot.thymeleaf.autoconfigure.ThymeleafAutoConfiguration",
				"dev.cfg.grpc.users.CfgGrpcUsersAutoConfiguration", "dev.cfg.grpc.auth.CfgGrpcAuthAutoConfiguration",
				"dev.cfg.grpc.server.CfgGrpcServerAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ SecurityFilterChain.class, SpringTemplateEngine.class })
@ConditionalOnCfgGrpcEnabled
@ConditionalOnBooleanProperty(name = "cfg.grpc.admin.enabled", matchIfMissing = true)
@ConditionalOnBean(RequestLog.class)
public final class CfgGrpcAdminAutoConfiguration {

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE + 40)
	SecurityFilterChain cfgGrpcAdminSecurityFilterChain(HttpSecurity http, CfgGrpcProperties properties)
			throws Exception {
		return AdminSecurity.filterChain(http, properties.admin().path());
	}

	/** The admin's own assets, and htmx and Chart.js from their WebJars, under the admin's path. */
	@Bean
	AdminAssets cfgGrpcAdminAssets(CfgGrpcProperties properties) {
		return new AdminAssets(properties.admin().path());
	}

	/** The session cookie is sent with same-site requests only. */
	@Bean
	CookieSameSiteSupplier cfgGrpcAdminSessionCookie(Environment environment) {
		return CookieSameSiteSupplier.ofLax()
			.whenHasName(environment.getProperty("server.servlet.session.cookie.name", "JSESSIONID"));
	}

	@Bean
	AdminLogin cfgGrpcAdminLogin() {
		return new AdminLogin();
	}

	@Bean
	AdminDashboard cfgGrpcAdminDashboard(RequestLog log, ObjectProvider<ActiveCalls> active,
			ObjectProvider<ServerInstances> instances, ObjectProvider<ServerInstance> self,
			ObjectProvider<Clock> clock) {
		ServerInstance instance = self.getIfAvailable();
		return new AdminDashboard(log, active.getIfAvailable(), clock.getIfUnique(Clock::systemUTC), instances.getIfAvailable(),
				(instance != null) ? instance.id() : null);
	}

	@Bean
	AdminRequests cfgGrpcAdminRequests(RequestLog log) {
		return new AdminRequests(log);
	}

	@Bean
	@ConditionalOnBean({ ServiceRegistry.class, TokenIssuer.class })
	AdminServices cfgGrpcAdminServices(ServiceRegistry registry, RequestLog log, TokenIssuer tokens,
			ObjectProvider<UserStore> users, CfgGrpcProperties properties, Environment environment,
			ObjectProvider<Clock> clock) {
		return new AdminServices(registry, log, tokens, users.getIfAvailable(), properties, environment,
				clock.getIfUnique(Clock::systemUTC));
	}

	@Bean
	@ConditionalOnBean({ ApiKeyStore.class, UserStore.class })
	AdminApiKeys cfgGrpcAdminApiKeys(ApiKeyStore keys, UserStore users) {
		return new AdminApiKeys(keys, users);
	}

	@Bean
	@ConditionalOnBean(UserStore.class)
	AdminUsers cfgGrpcAdminUsers(UserStore users) {
		return new AdminUsers(users);
	}

}
