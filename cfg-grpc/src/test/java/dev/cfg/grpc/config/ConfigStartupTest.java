package dev.cfg.grpc.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import dev.cfg.grpc.server.ServiceRegistry;
import dev.cfg.grpc.testapp.RunningServer;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class ConfigStartupTest {

	@Test
	void invalidPortFailsStartupWithOneLineNamingTheKey(CapturedOutput output) {
		assertThat(RunningServer.startupFailure("cfg.grpc.server.port=80")).isEqualTo(
				"Invalid value for cfg.grpc.server.port: '80'. Allowed: 0 (any free port) or an integer from 1024 to 65535.");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains(String.format("Description:%n%nInvalid value for cfg.grpc.server.port: '80'."))
			.doesNotContain("Caused by");
	}

	@Test
	void sameSettingGivenBothWaysWithDifferentValuesFailsNamingBothKeys() {
		assertThat(RunningServer.startupFailure("cfg.grpc.server.port=50060", "spring.grpc.server.port=50061"))
			.contains("cfg.grpc.server.port='50060'")
			.contains("spring.grpc.server.port='50061'");
		assertThat(RunningServer.startupFailure("cfg.grpc.server.keepaliveTime=3s",
				"spring.grpc.server.keepalive.time=4s"))
			.contains("cfg.grpc.server.keepalive-time='3s'")
			.contains("spring.grpc.server.keepalive.time='4s'");
	}

	@Test
	void sameSettingGivenBothWaysWithEqualValuesStarts() {
		try (RunningServer server = RunningServer.start("cfg.grpc.server.keepalive-time=60000ms",
				"spring.grpc.server.keepalive.time=1m")) {
			assertThat(server.port()).isPositive();
		}
	}

	@Test
	void settingsOfFeaturesNotBuiltYetFailWhenChanged() {
		assertThat(RunningServer.startupFailure("cfg.grpc.proto.field-naming=camelCase"))
			.startsWith("cfg.grpc.proto.field-naming is not supported yet");
	}

	@Test
	void disabledGrpcHasNoRegistry() {
		try (var context = new org.springframework.boot.builder.SpringApplicationBuilder(
				dev.cfg.grpc.testapp.TestApplication.class)
			.web(org.springframework.boot.WebApplicationType.NONE)
			.run("--cfg.grpc.enabled=false")) {
			assertThat(context.getBeansOfType(ServiceRegistry.class)).isEmpty();
			assertThat(context.getBeansOfType(GrpcServerLifecycle.class)).isEmpty();
		}
	}

}
