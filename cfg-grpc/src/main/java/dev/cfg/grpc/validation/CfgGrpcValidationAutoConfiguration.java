package dev.cfg.grpc.validation;

import java.util.List;

import build.buf.protovalidate.Validator;
import build.buf.protovalidate.ValidatorFactory;
import build.buf.protovalidate.exceptions.CompilationException;
import com.google.protobuf.Descriptors;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;

import dev.cfg.grpc.config.CfgGrpcConfigException;
import dev.cfg.grpc.config.ConditionalOnCfgGrpcEnabled;
import dev.cfg.grpc.pipeline.PipelineOrder;
import dev.cfg.grpc.server.CfgGrpcServerAutoConfiguration;
import dev.cfg.grpc.server.ServiceRegistry;

/**
 * Checks request messages against their {@code buf.validate} rules, as the pipeline stage
 * {@link PipelineOrder#VALIDATION}, when {@code build.buf:protovalidate} is on the class path and
 * {@code cfg.grpc.validation.enabled} is on (the default). The rules of every served method's request
 * are compiled at startup, so a rule that does not compile stops the application naming its
 * message instead of failing calls later.
 */
@AutoConfiguration(after = CfgGrpcServerAutoConfiguration.class)
@ConditionalOnClass(Validator.class)
@ConditionalOnCfgGrpcEnabled
@ConditionalOnBooleanProperty(name = "cfg.grpc.validation.enabled", matchIfMissing = true)
public final class CfgGrpcValidationAutoConfiguration {

	@Bean
	@GlobalServerInterceptor
	@Order(PipelineOrder.VALIDATION)
	RequestValidation cfgGrpcRequestValidation(ServiceRegistry registry) {
		List<Descriptors.Descriptor> requests = registry.services()
			.stream()
			.flatMap((service) -> service.methods().stream())
			.filter((method) -> method.proto() != null)
			.map((method) -> method.proto().getInputType())
			.distinct()
			.toList();
		Validator validator;
		try {
			validator = ValidatorFactory.newBuilder().buildWithDescriptors(requests, false);
		}
		catch (CompilationException ex) {
			throw new CfgGrpcConfigException("A buf.validate rule of a request message does not compile: "
					+ ex.getMessage(), "Correct the rule in the .proto file, or set cfg.grpc.validation.enabled=false.");
		}
		return new RequestValidation(validator);
	}

}
