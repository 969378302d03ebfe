package dev.cfg.grpc.monitor;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import dev.cfg.grpc.AutoConfigurationRunners;
import dev.cfg.grpc.config.CfgGrpcConfigAutoConfiguration;
import dev.cfg.grpc.log.CfgGrpcLogAutoConfiguration;
import dev.cfg.grpc.pipeline.CfgGrpcPipelineAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monitoring API: on in a servlet web application with the request log's database, off with
 * its switch or cfg-grpc's, absent without a web application or a database. Its controller is not
 * for replacing: an application adds its own endpoints beside it, or turns it off.
 */
class MonitorAutoConfigurationTest {

	private static final AutoConfigurations MONITOR = AutoConfigurations.of(CfgGrpcConfigAutoConfiguration.class,
			CfgGrpcPipelineAutoConfiguration.class, CfgGrpcLogAutoConfiguration.class,
			CfgGrpcMonitorAutoConfiguration.class);

	private final WebApplicationContextRunner runner = AutoConfigurationRunners
		.withH2(new WebApplicationContextRunner(), "monitor-autoconfiguration", false)
		.withConfiguration(MONITOR);

	@Test
	void onInAWebApplicationWithADatabase() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(MonitorController.class)
			.hasSingleBean(LiveTail.class));
	}

	@Test
	void offWithItsSwitchOrCfgGrpc() {
		for (String off : new String[] { "cfg.grpc.monitor.enabled=false", "cfg.grpc.enabled=false" }) {
			this.runner.withPropertyValues(off)
				.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MonitorController.class));
		}
	}

	@Test
	void needsAWebApplicationAndADatabase() {
		AutoConfigurationRunners.withH2(new ApplicationContextRunner(), "monitor-not-web", false)
			.withConfiguration(MONITOR)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MonitorController.class));
		new WebApplicationContextRunner().withConfiguration(MONITOR)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MonitorController.class));
	}

}
