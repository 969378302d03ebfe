package dev.cfg.grpc.server;

import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.cfg.grpc.config.CfgGrpcConfigAutoConfiguration;
import dev.cfg.grpc.pipeline.CfgGrpcPipelineAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's parts, without a server: the service registry, the worker threads and per-service
 * health are there by default, go with cfg-grpc, give way to an application's own registry, and
 * health waits for grpc-services on the class path.
 */
class ServerAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CfgGrpcConfigAutoConfiguration.class,
				CfgGrpcPipelineAutoConfiguration.class, CfgGrpcServerAutoConfiguration.class));

	@Test
	void onByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ServiceRegistry.class)
				.hasSingleBean(WorkerExecutor.class)
				.hasSingleBean(HealthStatusManager.class)
				.hasSingleBean(ServiceHealthPublisher.class);
			assertThat(context.getBean(WorkerExecutor.class).usesVirtualThreads()).isFalse();
		});
	}

	@Test
	void offWithCfgGrpc() {
		this.runner.withPropertyValues("cfg.grpc.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ServiceRegistry.class)
				.doesNotHaveBean(WorkerExecutor.class));
	}

	@Test
	void anApplicationsOwnRegistryWins() {
		this.runner.withUserConfiguration(OwnRegistry.class)
			.run((context) -> assertThat(context).hasSingleBean(ServiceRegistry.class).hasBean("ownRegistry"));
	}

	@Test
	void healthNeedsGrpcServicesAndFollowsItsSwitch() {
		this.runner.withClassLoader(new FilteredClassLoader(HealthStatusManager.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(HealthStatusManager.class)
				.hasSingleBean(ServiceRegistry.class));
		this.runner.withPropertyValues("spring.grpc.server.health.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(HealthStatusManager.class));
	}

	@Test
	void theConnectionsCallLimitIsAppliedOnlyWhenSetAndOnlyWithNetty() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean("cfgGrpcConnectionCallsLimit"));
		this.runner.withPropertyValues("cfg.grpc.server.max-concurrent-calls-per-connection=8")
			.run((context) -> assertThat(context).hasBean("cfgGrpcConnectionCallsLimit"));
		this.runner.withPropertyValues("cfg.grpc.server.max-concurrent-calls-per-connection=8")
			.withClassLoader(new FilteredClassLoader(NettyServerBuilder.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("cfgGrpcConnectionCallsLimit"));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnRegistry {

		@Bean
		ServiceRegistry ownRegistry(ApplicationContext context) {
			return new ServiceRegistry(context);
		}

	}

}
