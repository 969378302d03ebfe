package dev.cfg.grpc.service;

import javax.sql.DataSource;

import jakarta.persistence.EntityManagerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;
import org.springframework.transaction.PlatformTransactionManager;

import dev.cfg.grpc.config.ConditionalOnCfgGrpcEnabled;
import dev.cfg.grpc.pipeline.PipelineOrder;
import dev.cfg.grpc.pipeline.Refusal;
import dev.cfg.grpc.pipeline.internal.CallStages;
import dev.cfg.grpc.server.CfgGrpcServerAutoConfiguration;
import dev.cfg.grpc.server.ServiceRegistry;

/**
 * The guards of the pipeline, which {@link AuthRequiredService} and {@link ReadOnlyService} rely
 * on: anonymous calls to the former refused, calls to the latter run in a transaction that is
 * rolled back, with a write-refusing wrapper around every {@link DataSource} bean active during
 * them (turn the wrapper off with {@code cfg.grpc.read-only.guard-data-sources=false}). Goes off
 * with the rest of cfg-grpc ({@code cfg.grpc.enabled=false}).
 */
@AutoConfiguration(after = CfgGrpcServerAutoConfiguration.class)
@ConditionalOnCfgGrpcEnabled
public final class CfgGrpcServiceAutoConfiguration {

	@Bean
	ReadOnlyCalls cfgGrpcReadOnlyCalls(ObjectProvider<PlatformTransactionManager> transactionManager,
			ObjectProvider<EntityManagerFactory> entityManagerFactories) {
		return new ReadOnlyCalls(transactionManager.getIfUnique(), entityManagerFactories.orderedStream().toList());
	}

	@Bean
	@GlobalServerInterceptor
	@Order(PipelineOrder.GUARDS)
	ServiceCallInterceptor cfgGrpcServiceCallInterceptor(ServiceRegistry registry, ReadOnlyCalls readOnly,
			CallStages stages) {
		return new ServiceCallInterceptor(registry, readOnly, stages);
	}

	/** A write refused during a read-only call ends it with FAILED_PRECONDITION. */
	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE - 100)
	GrpcExceptionHandler cfgGrpcReadOnlyViolationHandler() {
		return (failure) -> ReadOnlyCalls.isReadOnlyViolation(failure)
				? Refusal.READ_ONLY.status().asException() : null;
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "cfg.grpc.read-only.guard-data-sources", matchIfMissing = true)
	static BeanPostProcessor cfgGrpcReadOnlyDataSources() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				return (bean instanceof DataSource dataSource && !(bean instanceof ReadOnlyDataSource))
						? new ReadOnlyDataSource(dataSource) : bean;
			}
		};
	}

}
