package dev.cfg.grpc.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.cfg.grpc.config.CfgGrpcConfigAutoConfiguration;
import dev.cfg.grpc.pipeline.internal.CallStages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipeline's auto-configuration, without a server: the observe stage and its observers are
 * there by default, go with cfg-grpc, give way to an application's own, and the metrics observer
 * waits for a meter registry.
 */
class PipelineAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(CfgGrpcConfigAutoConfiguration.class, CfgGrpcPipelineAutoConfiguration.class));

	@Test
	void onByDefault() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(ObserveInterceptor.class)
			.hasSingleBean(CallStages.class)
			.hasSingleBean(ActiveCalls.class)
			.hasSingleBean(CallEvents.class)
			.hasSingleBean(ServerInstance.class));
	}

	@Test
	void offWithCfgGrpc() {
		this.runner.withPropertyValues("cfg.grpc.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ObserveInterceptor.class)
				.doesNotHaveBean(CallStages.class)
				.doesNotHaveBean(ActiveCalls.class));
	}

	@Test
	void callEventsHaveTheirOwnSwitch() {
		this.runner.withPropertyValues("cfg.grpc.events.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(CallEvents.class).hasSingleBean(ObserveInterceptor.class));
	}

	@Test
	void anApplicationsOwnBeansWin() {
		ServerInstance own = ServerInstance.ofThisProcess();
		this.runner.withBean("ownInstance", ServerInstance.class, () -> own)
			.withBean("ownActiveCalls", ActiveCalls.class, ActiveCalls::new)
			.run((context) -> {
				assertThat(context).hasSingleBean(ServerInstance.class).hasBean("ownActiveCalls");
				assertThat(context.getBean(ServerInstance.class)).isSameAs(own);
			});
	}

	@Test
	void metricsNeedAMeterRegistry() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(CallMetrics.class));
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).hasSingleBean(CallMetrics.class));
	}

}
