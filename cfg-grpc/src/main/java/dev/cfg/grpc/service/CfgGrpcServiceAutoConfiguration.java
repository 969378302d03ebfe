package dev.cfg.grpc.service;

import javax.sql.DataSource;

import io.grpc.Status;
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

import dev.cfg.grpc.pipeline.PipelineOrder;
import dev.cfg.grpc.server.CfgGrpcServerAutoConfiguration;
import dev.cfg.grpc.server.ServiceRegistry;

/**
 * What {@link BaseService} and its subclasses rely on: the per-call scope, the guard of
 * {@link AuthRequiredService}, and the read-only enforcement of {@link ReadOnlyService} (a
 * write-refusing wrapper around every {@link DataSource} bean, active only during such calls).
 */
@AutoConfiguration(after = CfgGrpcServerAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "cfg.grpc.enabled", matchIfMissing = true)
public final class CfgGrpcServiceAutoConfiguration {

	@Bean
	ReadOnlyCalls cfgGrpcReadOnlyCalls(ObjectProvider<PlatformTransactionManager> transactionManager,
			ObjectProvider<EntityManagerFactory> entityManagerFactories) {
		return new ReadOnlyCalls(transactionManager.getIfUnique(), entityManagerFactories.orderedStream().toList());
	}

	@Bean
	@GlobalServerInterceptor
	@Order(PipelineOrder.GUARDS)
	ServiceCallInterceptor cfgGrpcServiceCallInterceptor(ServiceRegistry registry, ReadOnlyCalls readOnly) {
		return new ServiceCallInterceptor(registry, readOnly);
	}

	/** A write refused during a read-only call ends it with FAILED_PRECONDITION. */
	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE - 100)
	GrpcExceptionHandler cfgGrpcReadOnlyViolationHandler() {
		return (failure) -> ReadOnlyCalls.isReadOnlyViolation(failure)
				? Status.FAILED_PRECONDITION.withDescription(ReadOnlyService.READ_ONLY_MESSAGE).asException() : null;
	}

	@Bean
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
