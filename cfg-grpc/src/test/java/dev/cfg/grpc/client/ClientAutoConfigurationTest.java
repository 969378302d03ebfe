package dev.cfg.grpc.client;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.grpc.client.GrpcChannelFactory;

import dev.cfg.grpc.AutoConfigurationRunners;
import dev.cfg.grpc.auth.CfgGrpcTokensAutoConfiguration;
import dev.cfg.grpc.config.CfgGrpcConfigAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client side: channel settings on by default, client metrics with a meter registry, off with
 * cfg-grpc, absent without Spring gRPC's client, and a service-user channel refused at startup,
 * with the way out, when tokens or users are off.
 */
class ClientAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CfgGrpcConfigAutoConfiguration.class,
				CfgGrpcTokensAutoConfiguration.class, CfgGrpcClientAutoConfiguration.class))
		.withPropertyValues(AutoConfigurationRunners.SECRET);

	@Test
	void onByDefaultWithMetricsWhenThereIsARegistry() {
		this.runner.run((context) -> assertThat(context).hasBean("cfgGrpcChannels")
			.doesNotHaveBean(ClientCallMetrics.class));
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).hasSingleBean(ClientCallMetrics.class));
	}

	@Test
	void offWithCfgGrpc() {
		this.runner.withPropertyValues("cfg.grpc.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("cfgGrpcChannels"));
	}

	@Test
	void needsSpringGrpcsClient() {
		this.runner.withClassLoader(new FilteredClassLoader(GrpcChannelFactory.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("cfgGrpcChannels"));
	}

	@Test
	void aServiceUserChannelWithoutTheUserStoreStopsStartupSayingWhatToDo() {
		this.runner
			.withPropertyValues("cfg.grpc.client.channels.orders.target=static://127.0.0.1:1",
					"cfg.grpc.client.channels.orders.credentials=service-user",
					"cfg.grpc.client.channels.orders.username=robot")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cfg.grpc.client.channels.orders.credentials=service-user")
				.hasMessageContaining("the built-in user store is off"));
	}

}
