package dev.cfg.grpc.gateway;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.grpc.server.service.DefaultGrpcServiceConfigurer;

import dev.cfg.grpc.config.CfgGrpcConfigAutoConfiguration;
import dev.cfg.grpc.pipeline.CfgGrpcPipelineAutoConfiguration;
import dev.cfg.grpc.server.CfgGrpcServerAutoConfiguration;
import dev.cfg.grpc.testapp.Greeting;
import dev.cfg.grpc.testapp.discovered.PingGrpcService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * gRPC-Web and Connect on the HTTP port: on by default in a servlet web application (an in-process
 * server with the network server's services, and the filter that feeds it), off with its switch or
 * cfg-grpc's, absent without a web application. Nothing in it is for replacing: an application
 * that wants another door turns it off.
 */
class GatewayAutoConfigurationTest {

	private static final AutoConfigurations GATEWAY = AutoConfigurations.of(CfgGrpcConfigAutoConfiguration.class,
			CfgGrpcPipelineAutoConfiguration.class, CfgGrpcServerAutoConfiguration.class,
			CfgGrpcGatewayAutoConfiguration.class);

	/** A service, and Boot's configurer of services (Boot's server auto-configuration would start Netty). */
	private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(GATEWAY)
		.withUserConfiguration(Served.class);

	@Test
	void onInAServletWebApplication() {
		this.runner.run((context) -> {
			assertThat(context).hasBean("cfgGrpcWebCallFilter").hasSingleBean(WebCallServer.class);
			assertThat(context.getBean(WebCallServer.class).isRunning()).isTrue();
		});
	}

	@Test
	void offWithItsSwitchOrCfgGrpc() {
		for (String off : new String[] { "cfg.grpc.web.enabled=false", "cfg.grpc.enabled=false" }) {
			this.runner.withPropertyValues(off)
				.run((context) -> assertThat(context).hasNotFailed()
					.doesNotHaveBean("cfgGrpcWebCallFilter")
					.doesNotHaveBean(WebCallServer.class));
		}
	}

	@Test
	void needsAWebApplication() {
		new ApplicationContextRunner().withConfiguration(GATEWAY)
			.withUserConfiguration(Served.class)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(WebCallServer.class));
	}

	@Test
	void aBadOriginStopsStartupNamingTheSetting() {
		this.runner.withPropertyValues("cfg.grpc.web.allowed-origins=https://app.example/path")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cfg.grpc.web.allowed-origins"));
	}

	@Configuration(proxyBeanMethods = false)
	@Import({ Greeting.class, PingGrpcService.class })
	static class Served {

		@Bean
		DefaultGrpcServiceConfigurer grpcServiceConfigurer(ApplicationContext context) {
			return new DefaultGrpcServiceConfigurer(context);
		}

	}

}
