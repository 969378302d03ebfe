package dev.cfg.grpc.limits;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;

import dev.cfg.grpc.config.CfgGrpcConfigAutoConfiguration;
import dev.cfg.grpc.config.CfgGrpcProperties;
import dev.cfg.grpc.config.ConditionalOnCfgGrpcEnabled;
import dev.cfg.grpc.config.RateLimitSettings;
import dev.cfg.grpc.pipeline.PipelineOrder;

/**
 * Per-caller rate limits, when {@code cfg.grpc.rate-limit.enabled=true}: the stage after auth, and
 * the buckets it takes calls from (in memory unless the application has its own
 * {@link CallerBuckets}).
 */
@AutoConfiguration(after = CfgGrpcConfigAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnCfgGrpcEnabled
@ConditionalOnBooleanProperty("cfg.grpc.rate-limit.enabled")
public final class CfgGrpcLimitsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CallerBuckets cfgGrpcCallerBuckets(CfgGrpcProperties properties) {
		RateLimitSettings settings = properties.rateLimit();
		return new InMemoryCallerBuckets(settings.maxCallers(), settings.forgetAfter());
	}

	@Bean
	@GlobalServerInterceptor
	@Order(PipelineOrder.RATE_LIMIT)
	RateLimitInterceptor cfgGrpcRateLimitInterceptor(CfgGrpcProperties properties, CallerBuckets buckets,
			ObjectProvider<MeterRegistry> meters) {
		return new RateLimitInterceptor(properties.rateLimit(), buckets,
				meters.getIfAvailable(SimpleMeterRegistry::new));
	}

}
