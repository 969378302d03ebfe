package dev.cfg.grpc.service;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.cfg.grpc.AutoConfigurationRunners;
import dev.cfg.grpc.config.CfgGrpcConfigAutoConfiguration;
import dev.cfg.grpc.pipeline.CfgGrpcPipelineAutoConfiguration;
import dev.cfg.grpc.server.CfgGrpcServerAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guards stage and the read-only data sources: on by default, off with cfg-grpc, the wrapping
 * off with its switch, and the guards there without a transaction manager (read-only services then
 * rely on the wrapped data sources alone).
 */
class ServiceAutoConfigurationTest {

	private static final AutoConfigurations SERVICE = AutoConfigurations.of(CfgGrpcConfigAutoConfiguration.class,
			CfgGrpcPipelineAutoConfiguration.class, CfgGrpcServerAutoConfiguration.class,
			CfgGrpcServiceAutoConfiguration.class);

	private final ApplicationContextRunner runner = AutoConfigurationRunners
		.withH2(new ApplicationContextRunner(), "service-autoconfiguration", false)
		.withConfiguration(SERVICE);

	@Test
	void guardsCallsAndWrapsTheDataSources() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ServiceCallInterceptor.class).hasSingleBean(ReadOnlyCalls.class);
			assertThat(context.getBean(DataSource.class)).isInstanceOf(ReadOnlyDataSource.class);
		});
	}

	@Test
	void offWithCfgGrpc() {
		this.runner.withPropertyValues("cfg.grpc.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(ServiceCallInterceptor.class);
			assertThat(context.getBean(DataSource.class)).isNotInstanceOf(ReadOnlyDataSource.class);
		});
	}

	@Test
	void theWrappingHasItsOwnSwitch() {
		this.runner.withPropertyValues("cfg.grpc.read-only.guard-data-sources=false").run((context) -> {
			assertThat(context).hasSingleBean(ServiceCallInterceptor.class);
			assertThat(context.getBean(DataSource.class)).isNotInstanceOf(ReadOnlyDataSource.class);
		});
	}

	@Test
	void withoutATransactionManagerTheGuardsStayAndTheDataSourceIsStillWrapped() {
		new ApplicationContextRunner().withConfiguration(SERVICE)
			.withBean(DataSource.class, () -> new DriverManagerDataSource("jdbc:h2:mem:service-no-transactions"))
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(ServiceCallInterceptor.class);
				assertThat(context.getBean(DataSource.class)).isInstanceOf(ReadOnlyDataSource.class);
			});
	}

}
