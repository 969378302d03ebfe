package dev.cfg.grpc.server;

import io.grpc.BindableService;
import io.grpc.Codec;
import io.grpc.CompressorRegistry;
import io.grpc.DecompressorRegistry;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionService;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerServicesAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.health.GrpcServerHealthAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.ServerBuilderCustomizer;
import org.springframework.grpc.server.service.GrpcServiceDiscoverer;

import dev.cfg.grpc.config.ConditionalOnCfgGrpcEnabled;
import dev.cfg.grpc.config.CfgGrpcConfigAutoConfiguration;
import dev.cfg.grpc.config.CfgGrpcProperties;
import dev.cfg.grpc.pipeline.PipelineOrder;
import dev.cfg.grpc.pipeline.internal.CallStages;

/**
 * The gRPC server as {@code cfg.grpc.server.*} describes it, on top of Spring Boot's: service
 * discovery by package and class name, the worker executor, response compression,
 * application interceptors, reflection v1alpha beside Boot's v1, per-service health and the
 * startup report. Turn it off with {@code cfg.grpc.enabled=false}.
 */
@AutoConfiguration(after = { CfgGrpcConfigAutoConfiguration.class, CfgGrpcDiscoveryAutoConfiguration.class },
		before = { GrpcServerAutoConfiguration.class, GrpcServerServicesAutoConfiguration.class,
				GrpcServerHealthAutoConfiguration.class })
@ConditionalOnCfgGrpcEnabled
public final class CfgGrpcServerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ServiceRegistry cfgGrpcServiceRegistry(ApplicationContext context) {
		return new ServiceRegistry(context);
	}

	@Bean
	GrpcServiceDiscoverer cfgGrpcServiceDiscoverer(ServiceRegistry registry, CallStages stages) {
		return new RegistryServiceDiscoverer(registry, stages);
	}

	@Bean
	WorkerExecutor cfgGrpcWorkerExecutor(CfgGrpcProperties properties, Environment environment) {
		Boolean virtualThreads = properties.server().virtualThreads();
		if (virtualThreads == null) {
			if (environment.getProperty("spring.threads.virtual.enabled", Boolean.class, false)) {
				return WorkerExecutor.virtualThreads("spring.threads.virtual.enabled");
			}
			return WorkerExecutor.pool(properties.server().maxWorkers());
		}
		return virtualThreads ? WorkerExecutor.virtualThreads("cfg.grpc.server.virtual-threads")
				: WorkerExecutor.pool(properties.server().maxWorkers());
	}

	@Bean
	StartupReport cfgGrpcStartupReport(ServiceRegistry registry, CfgGrpcProperties properties,
			WorkerExecutor executor) {
		String description = executor.usesVirtualThreads() ? "virtual threads"
				: properties.server().maxWorkers() + " worker threads";
		return new StartupReport(registry, properties, description);
	}

	@Bean
	CompressorRegistry cfgGrpcCompressorRegistry() {
		CompressorRegistry registry = CompressorRegistry.newEmptyInstance();
		registry.register(new Codec.Gzip());
		registry.register(Codec.Identity.NONE);
		registry.register(new DeflateCodec());
		return registry;
	}

	@Bean
	DecompressorRegistry cfgGrpcDecompressorRegistry() {
		return DecompressorRegistry.getDefaultInstance().with(new DeflateCodec(), true);
	}

	@Bean
	@GlobalServerInterceptor
	@Order(PipelineOrder.TRANSPORT_LIMITS)
	@ConditionalOnProperty("cfg.grpc.server.compression")
	ResponseCompressionInterceptor cfgGrpcResponseCompressionInterceptor(CfgGrpcProperties properties) {
		return new ResponseCompressionInterceptor(properties.server().compression());
	}

	@Bean
	@GlobalServerInterceptor
	@Order(PipelineOrder.APPLICATION)
	ApplicationInterceptors cfgGrpcApplicationInterceptors(CfgGrpcProperties properties,
			AutowireCapableBeanFactory beanFactory, ApplicationContext context) {
		return ApplicationInterceptors.create(properties.server().interceptors(), beanFactory,
				context.getClassLoader());
	}

	/**
	 * Replaces Boot's status manager only to drop its destroy method: the publisher enters the
	 * terminal state as soon as shutdown begins, and a second call would log a false alarm.
	 */
	@Bean(destroyMethod = "")
	@ConditionalOnClass(HealthStatusManager.class)
	@ConditionalOnBooleanProperty(name = "spring.grpc.server.health.enabled", matchIfMissing = true)
	HealthStatusManager cfgGrpcHealthStatusManager() {
		return new HealthStatusManager();
	}

	@Bean
	ServiceHealthPublisher cfgGrpcServiceHealthPublisher(ObjectProvider<HealthStatusManager> health,
			ServiceRegistry registry) {
		return new ServiceHealthPublisher(health, registry);
	}

	/**
	 * The limit of calls open at once on one connection, which Boot's settings do not have: on
	 * Netty's server (the other limits of {@code cfg.grpc.server.*} reach the server through
	 * Boot's own settings).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(NettyServerBuilder.class)
	@ConditionalOnProperty("cfg.grpc.server.max-concurrent-calls-per-connection")
	static class ConnectionCallsConfiguration {

		@Bean
		ServerBuilderCustomizer<NettyServerBuilder> cfgGrpcConnectionCallsLimit(CfgGrpcProperties properties) {
			int limit = properties.server().maxConcurrentCallsPerConnection();
			return (builder) -> builder.maxConcurrentCallsPerConnection(limit);
		}

	}

	/**
	 * Reflection v1alpha for tools that do not speak v1 yet; Boot serves v1. Like Boot's, only
	 * when the application has services to serve.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ProtoReflectionService.class)
	@ConditionalOnBean(BindableService.class)
	@ConditionalOnBooleanProperty(name = "spring.grpc.server.reflection.enabled", matchIfMissing = true)
	static class ReflectionV1AlphaConfiguration {

		@Bean
		@SuppressWarnings("deprecation")
		BindableService cfgGrpcReflectionV1AlphaService() {
			return ProtoReflectionService.newInstance();
		}

	}

}
