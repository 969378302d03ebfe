package dev.cfg.grpc.admin;

import org.junit.jupiter.api.Test;
import org.thymeleaf.spring6.SpringTemplateEngine;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import dev.cfg.grpc.AutoConfigurationRunners;
import dev.cfg.grpc.auth.CfgGrpcTokensAutoConfiguration;
import dev.cfg.grpc.config.CfgGrpcConfigAutoConfiguration;
import dev.cfg.grpc.log.CfgGrpcLogAutoConfiguration;
import dev.cfg.grpc.pipeline.CfgGrpcPipelineAutoConfiguration;
import dev.cfg.grpc.server.CfgGrpcServerAutoConfiguration;
import dev.cfg.grpc.users.CfgGrpcUsersAutoConfiguration;
import dev.cfg.grpc.web.CfgGrpcWebSecurityAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin: every page on in a servlet web application with the request log's database and the
 * user store, the user and key pages gone with the store, all of it off with its switch or
 * cfg-grpc's, and absent without Thymeleaf. Its pages are not for replacing; its path moves with
 * {@code cfg.grpc.admin.path}.
 */
class AdminAutoConfigurationTest {

	private final WebApplicationContextRunner runner = AutoConfigurationRunners
		.withH2(new WebApplicationContextRunner(), "admin-autoconfiguration", false)
		.withConfiguration(AutoConfigurations.of(
				AutoConfigurationRunners.type("org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration"),
				AutoConfigurationRunners
					.type("org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration"),
				AutoConfigurationRunners.type("org.springframework.boot.thymeleaf.autoconfigure.ThymeleafAutoConfiguration"),
				CfgGrpcConfigAutoConfiguration.class, CfgGrpcUsersAutoConfiguration.class,
				CfgGrpcTokensAutoConfiguration.class, CfgGrpcPipelineAutoConfiguration.class,
				CfgGrpcServerAutoConfiguration.class, CfgGrpcLogAutoConfiguration.class,
				CfgGrpcWebSecurityAutoConfiguration.class, CfgGrpcAdminAutoConfiguration.class));

	@Test
	void everyPageWithTheUserStore() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(AdminDashboard.class)
			.hasSingleBean(AdminRequests.class)
			.hasSingleBean(AdminServices.class)
			.hasSingleBean(AdminUsers.class)
			.hasSingleBean(AdminApiKeys.class)
			.hasBean("cfgGrpcAdminSecurityFilterChain"));
	}

	@Test
	void theUserAndKeyPagesGoWithTheStore() {
		this.runner.withPropertyValues("cfg.grpc.users.enabled=false", "cfg.grpc.auth.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(AdminDashboard.class)
				.doesNotHaveBean(AdminUsers.class)
				.doesNotHaveBean(AdminApiKeys.class));
	}

	@Test
	void offWithItsSwitchOrCfgGrpc() {
		for (String off : new String[] { "cfg.grpc.admin.enabled=false", "cfg.grpc.enabled=false" }) {
			this.runner.withPropertyValues(off)
				.run((context) -> assertThat(context).hasNotFailed()
					.doesNotHaveBean(AdminDashboard.class)
					.doesNotHaveBean("cfgGrpcAdminSecurityFilterChain"));
		}
	}

	@Test
	void needsThymeleaf() {
		this.runner.withClassLoader(new FilteredClassLoader(SpringTemplateEngine.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(AdminDashboard.class));
	}

}
