package dev.cfg.grpc.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CfgGrpcPropertiesTest {

	@Test
	void defaultsFollowTheReference() {
		CfgGrpcProperties properties = bind(Map.of());
		assertThat(properties.enabled()).isTrue();
		assertThat(properties.server().host()).isEqualTo("[::]");
		assertThat(properties.server().port()).isEqualTo(50051);
		assertThat(properties.server().maxWorkers()).isEqualTo(10);
		assertThat(properties.server().enableReflection()).isTrue();
		assertThat(properties.server().enableHealthCheck()).isTrue();
		assertThat(properties.server().compression()).isNull();
		assertThat(properties.server().maxSendMessageLength()).isEqualTo(DataSize.ofMegabytes(4));
		assertThat(properties.server().maxReceiveMessageLength()).isEqualTo(DataSize.ofMegabytes(4));
		assertThat(properties.server().keepaliveTime()).isEqualTo(Duration.ofHours(2));
		assertThat(properties.server().keepaliveTimeout()).isEqualTo(Duration.ofSeconds(20));
		assertThat(properties.auth().tokenHeader()).isEqualTo("authorization");
		assertThat(properties.auth().tokenPrefix()).isEqualTo("Bearer");
		assertThat(properties.auth().jwtAlgorithm()).isEqualTo("HS256");
		assertThat(properties.proto().outputDir()).isEqualTo("protos");
		assertThat(properties.proto().fieldNaming()).isEqualTo("snake_case");
		assertThat(properties.autoRegisterApps()).isTrue();
		assertThat(properties.enabledApps()).isEmpty();
		assertThat(properties.customServices()).isEmpty();
	}

	@Test
	void acceptsReferenceStyleMillisecondsAndBytes() {
		CfgGrpcProperties properties = bind(Map.of("cfg.grpc.server.keepalive-time", "7200000",
				"cfg.grpc.server.max-send-message-length", "1048576", "cfg.grpc.server.host", " 127.0.0.1 "));
		assertThat(properties.server().keepaliveTime()).isEqualTo(Duration.ofHours(2));
		assertThat(properties.server().maxSendMessageLength()).isEqualTo(DataSize.ofMegabytes(1));
		assertThat(properties.server().host()).isEqualTo("127.0.0.1");
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			cfg.grpc.server.port                       | 80        | 0 (any free port) or an integer from 1024 to 65535
			cfg.grpc.server.port                       | 65536     | 0 (any free port) or an integer from 1024 to 65535
			cfg.grpc.server.max-workers                | 0         | an integer from 1 to 1000
			cfg.grpc.server.max-workers                | 1001      | an integer from 1 to 1000
			cfg.grpc.server.compression                | brotli    | one of gzip, deflate
			cfg.grpc.server.max-send-message-length    | 100B      | a size from 1024B to 104857600B
			cfg.grpc.server.max-receive-message-length | 200MB     | a size from 1024B to 104857600B
			cfg.grpc.server.keepalive-time             | 10ms      | a duration of at least 1000ms
			cfg.grpc.server.keepalive-timeout          | 999ms     | a duration of at least 1000ms
			cfg.grpc.server.shutdown-grace-period      | 2h        | a duration from PT0S to PT1H
			cfg.grpc.auth.jwt-algorithm                | none      | one of HS256, HS384, HS512
			cfg.grpc.proto.field-naming                | kebab     | one of snake_case, camelCase
			cfg.grpc.fleet.heartbeat-interval          | 500ms     | a duration from PT1S to PT10M
			cfg.grpc.admin.path                        | admin/    | a path such as /admin
			cfg.grpc.admin.path                        | /admin/   | a path such as /admin
			cfg.grpc.fleet.stale-after                 | 9s        | a duration of at least 10000ms
			""")
	void rejectsValuesOutOfRangeNamingTheKey(String key, String value, String allowed) {
		assertThatExceptionOfType(BindException.class).isThrownBy(() -> bind(Map.of(key, value)))
			.havingRootCause()
			.isInstanceOf(CfgGrpcConfigException.class)
			.withMessageStartingWith("Invalid value for " + key + ": '")
			.withMessageContaining("Allowed: " + allowed);
	}

	@Test
	void rejectsABlankHost() {
		assertThatExceptionOfType(BindException.class).isThrownBy(() -> bind(Map.of("cfg.grpc.server.host", " ")))
			.havingRootCause()
			.withMessage("Invalid value for cfg.grpc.server.host: ' '. Allowed: a non-blank value.");
	}

	@Test
	void rejectsTheServerDisabledWhileGrpcIsEnabled() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("cfg.grpc.server.enabled", "false")))
			.havingRootCause()
			.withMessageContaining("cfg.grpc.server.enabled")
			.withMessageContaining("cfg.grpc.enabled");
		assertThat(bind(Map.of("cfg.grpc.server.enabled", "false", "cfg.grpc.enabled", "false")).enabled()).isFalse();
	}

	@Test
	void portZeroMeansAnyFreePort() {
		assertThat(bind(Map.of("cfg.grpc.server.port", "0")).server().port()).isZero();
	}

	private static CfgGrpcProperties bind(Map<String, String> values) {
		return new Binder(new MapConfigurationPropertySource(new HashMap<>(values))).bindOrCreate("cfg.grpc",
				CfgGrpcProperties.class);
	}

}
