package dev.cfg.grpc.errors;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.security.GrpcServerSecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;

import dev.cfg.grpc.config.ConditionalOnCfgGrpcEnabled;

/**
 * Maps exceptions thrown by service code to gRPC statuses, after every other exception handler
 * (they are tried in order and the first answer wins; this one answers for everything).
 * Replace a mapping with a {@link GrpcExceptionHandler} bean or a {@code @GrpcAdvice} of your own
 * (tried first), or the whole table with a bean named {@code cfgGrpcErrorMapping};
 * it goes off with the rest of cfg-grpc ({@code cfg.grpc.enabled=false}).
 */
@AutoConfiguration(after = { GrpcServerAutoConfiguration.class, GrpcServerSecurityAutoConfiguration.class })
@ConditionalOnCfgGrpcEnabled
public final class CfgGrpcErrorsAutoConfiguration {

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	@ConditionalOnMissingBean(name = "cfgGrpcErrorMapping")
	GrpcExceptionHandler cfgGrpcErrorMapping() {
		return new ErrorMapping();
	}

}
