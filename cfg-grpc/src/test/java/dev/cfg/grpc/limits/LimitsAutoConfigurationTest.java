package dev.cfg.grpc.limits;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.cfg.grpc.config.CfgGrpcConfigAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rate limits: off by default, on with their switch (the stage and in-memory buckets), off with
 * cfg-grpc, an application's own buckets winning, and a bad value stopping startup with its key.
 */
class LimitsAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(CfgGrpcConfigAutoConfiguration.class, CfgGrpcLimitsAutoConfiguration.class));

	@Test
	void offByDefault() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(RateLimitInterceptor.class)
			.doesNotHaveBean(CallerBuckets.class));
	}

	@Test
	void onWithItsSwitch() {
		this.runner.withPropertyValues("cfg.grpc.rate-limit.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(RateLimitInterceptor.class)
				.getBean(CallerBuckets.class)
				.isInstanceOf(InMemoryCallerBuckets.class));
	}

	@Test
	void offWithCfgGrpc() {
		this.runner.withPropertyValues("cfg.grpc.rate-limit.enabled=true", "cfg.grpc.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(RateLimitInterceptor.class));
	}

	@Test
	void anApplicationsOwnBucketsWin() {
		this.runner.withPropertyValues("cfg.grpc.rate-limit.enabled=true")
			.withUserConfiguration(SharedBuckets.class)
			.run((context) -> assertThat(context).hasSingleBean(CallerBuckets.class).hasBean("sharedBuckets"));
	}

	@Test
	void aBadValueStopsStartupNamingItsKey() {
		this.runner.withPropertyValues("cfg.grpc.rate-limit.enabled=true", "cfg.grpc.rate-limit.per-user=-1")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("cfg.grpc.rate-limit.per-user"));
		this.runner.withPropertyValues("cfg.grpc.rate-limit.methods[NoSlash]=3")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("cfg.grpc.rate-limit.methods"));
	}

	@Configuration(proxyBeanMethods = false)
	static class SharedBuckets {

		@Bean
		CallerBuckets sharedBuckets() {
			return (caller, rate) -> 0;
		}

	}

}
