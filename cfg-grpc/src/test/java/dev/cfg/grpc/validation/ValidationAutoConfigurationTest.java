package dev.cfg.grpc.validation;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.cfg.grpc.config.CfgGrpcConfigAutoConfiguration;
import dev.cfg.grpc.pipeline.CfgGrpcPipelineAutoConfiguration;
import dev.cfg.grpc.server.CfgGrpcServerAutoConfiguration;
import dev.cfg.grpc.testapp.OrderDeskGrpcService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request validation: on by default with the served services' request rules compiled at startup,
 * off with its switch or cfg-grpc's, absent without protovalidate on the class path.
 */
class ValidationAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CfgGrpcConfigAutoConfiguration.class,
				CfgGrpcPipelineAutoConfiguration.class, CfgGrpcServerAutoConfiguration.class,
				CfgGrpcValidationAutoConfiguration.class))
		.withBean(OrderDeskGrpcService.class);

	@Test
	void onByDefault() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(RequestValidation.class));
	}

	@Test
	void offWithItsSwitchOrCfgGrpc() {
		for (String off : new String[] { "cfg.grpc.validation.enabled=false", "cfg.grpc.enabled=false" }) {
			this.runner.withPropertyValues(off)
				.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(RequestValidation.class));
		}
	}

	@Test
	void needsProtovalidate() {
		this.runner.withClassLoader(new FilteredClassLoader("build.buf.protovalidate"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(RequestValidation.class));
	}

}
