package dev.cfg.grpc.web;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import dev.cfg.grpc.AutoConfigurationRunners;
import dev.cfg.grpc.config.CfgGrpcConfigAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The security of cfg-grpc's HTTP paths: a filter chain of its own for {@code /cfg/**} and the
 * actuator, beside the application's own chain (which keeps every other path), off with cfg-grpc,
 * absent outside a servlet web application or without Spring Security.
 */
class WebSecurityAutoConfigurationTest {

	private static final AutoConfigurations WEB_SECURITY = AutoConfigurations.of(
			AutoConfigurationRunners.type("org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration"),
			AutoConfigurationRunners
				.type("org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration"),
			CfgGrpcConfigAutoConfiguration.class, CfgGrpcWebSecurityAutoConfiguration.class);

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(WEB_SECURITY);

	@Test
	void guardsCfgGrpcsPathsOnly() {
		this.runner.run((context) -> {
			SecurityFilterChain chain = context.getBean("cfgGrpcSecurityFilterChain", SecurityFilterChain.class);
			assertThat(chain.matches(new MockHttpServletRequest("GET", "/cfg/grpc/monitor/overview/"))).isTrue();
			assertThat(chain.matches(new MockHttpServletRequest("GET", "/api/things"))).isFalse();
		});
	}

	@Test
	void standsBesideTheApplicationsOwnChain() {
		this.runner.withUserConfiguration(OwnChain.class)
			.run((context) -> assertThat(context.getBeansOfType(SecurityFilterChain.class)).containsKeys("ownChain",
					"cfgGrpcSecurityFilterChain"));
	}

	@Test
	void offWithCfgGrpc() {
		this.runner.withPropertyValues("cfg.grpc.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("cfgGrpcSecurityFilterChain"));
	}

	@Test
	void needsAServletWebApplicationAndSpringSecurity() {
		new ApplicationContextRunner().withConfiguration(WEB_SECURITY)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("cfgGrpcSecurityFilterChain"));
		new WebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(CfgGrpcConfigAutoConfiguration.class, CfgGrpcWebSecurityAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(SecurityFilterChain.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("cfgGrpcSecurityFilterChain"));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnChain {

		@Bean
		SecurityFilterChain ownChain(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated()).build();
		}

	}

}
