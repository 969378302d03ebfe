package dev.cfg.grpc.fleet;

import java.time.Clock;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.cfg.grpc.AutoConfigurationRunners;
import dev.cfg.grpc.config.CfgGrpcConfigAutoConfiguration;
import dev.cfg.grpc.log.CfgGrpcLogAutoConfiguration;
import dev.cfg.grpc.pipeline.CfgGrpcPipelineAutoConfiguration;
import dev.cfg.grpc.pipeline.ServerInstance;
import dev.cfg.grpc.schema.CfgSchemaAutoConfiguration;
import dev.cfg.grpc.testapp.MovableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fleet table and this instance's heartbeat: on with the request log's database, stamped by
 * the application's clock, off with its switch, absent without a database, and the instance table
 * replaced by an application's own.
 */
class FleetAutoConfigurationTest {

	private static final AutoConfigurations FLEET = AutoConfigurations.of(CfgGrpcConfigAutoConfiguration.class,
			CfgSchemaAutoConfiguration.class, CfgGrpcPipelineAutoConfiguration.class, CfgGrpcLogAutoConfiguration.class,
			CfgGrpcFleetAutoConfiguration.class);

	private final ApplicationContextRunner runner = AutoConfigurationRunners
		.withH2(new ApplicationContextRunner(), "fleet-autoconfiguration", false)
		.withConfiguration(FLEET)
		.withPropertyValues("cfg.grpc.logging.enabled=false");

	@Test
	void registersThisInstanceByTheApplicationsClock() {
		Instant start = Instant.parse("2030-01-01T00:00:00Z");
		this.runner.withBean(Clock.class, () -> new MovableClock(start)).run((context) -> {
			assertThat(context).hasSingleBean(ServerInstances.class).hasSingleBean(InstanceHeartbeat.class);
			String self = context.getBean(ServerInstance.class).id();
			assertThat(context.getBean(ServerInstances.class).get(self)).get()
				.satisfies((instance) -> assertThat(instance.heartbeatAt()).isEqualTo(start));
		});
	}

	@Test
	void offWithItsSwitch() {
		this.runner.withPropertyValues("cfg.grpc.fleet.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ServerInstances.class)
				.doesNotHaveBean(InstanceHeartbeat.class));
	}

	@Test
	void needsADatabase() {
		new ApplicationContextRunner().withConfiguration(FLEET)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ServerInstances.class));
	}

	@Test
	void anApplicationsOwnInstanceTableWins() {
		this.runner.withUserConfiguration(OwnInstances.class)
			.run((context) -> assertThat(context).hasSingleBean(ServerInstances.class).hasBean("ownInstances"));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnInstances {

		@Bean
		ServerInstances ownInstances(JdbcTemplate jdbc) {
			return new ServerInstances(jdbc, Clock.systemUTC());
		}

	}

}
