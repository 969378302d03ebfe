package dev.cfg.grpc.config;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings' auto-configuration: on always (the settings are checked even when cfg-grpc is
 * off), and a bad setting stops the context with a message naming its key. There is no bean to
 * replace: the settings are the application's input.
 */
class ConfigAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CfgGrpcConfigAutoConfiguration.class));

	@Test
	void bindsAndChecksTheSettings() {
		this.runner.withPropertyValues("cfg.grpc.server.port=50123").run((context) -> {
			assertThat(context).hasSingleBean(CfgGrpcConfigAutoConfiguration.CfgGrpcSettingsCheck.class);
			assertThat(context.getBean(CfgGrpcProperties.class).server().port()).isEqualTo(50123);
		});
	}

	@Test
	void checksTheSettingsAlsoWithCfgGrpcOff() {
		this.runner.withPropertyValues("cfg.grpc.enabled=false", "cfg.grpc.server.port=50123",
				"spring.grpc.server.port=50124")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cfg.grpc.server.port")
				.hasMessageContaining("spring.grpc.server.port"));
	}

	@Test
	void aValueOutOfRangeNamesItsKey() {
		this.runner.withPropertyValues("cfg.grpc.server.port=70000")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cfg.grpc.server.port"));
	}

}
