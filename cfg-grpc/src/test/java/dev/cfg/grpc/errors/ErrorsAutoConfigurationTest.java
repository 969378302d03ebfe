package dev.cfg.grpc.errors;

import io.grpc.Status;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;

import dev.cfg.grpc.config.CfgGrpcConfigAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/** The error mapping's auto-configuration: on by default, off with cfg-grpc, replaced by a bean of the same name. */
class ErrorsAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(CfgGrpcConfigAutoConfiguration.class, CfgGrpcErrorsAutoConfiguration.class));

	@Test
	void onByDefault() {
		this.runner.run((context) -> assertThat(context.getBean("cfgGrpcErrorMapping")).isInstanceOf(ErrorMapping.class));
	}

	@Test
	void offWithCfgGrpc() {
		this.runner.withPropertyValues("cfg.grpc.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("cfgGrpcErrorMapping"));
	}

	@Test
	void anApplicationsOwnTableWins() {
		GrpcExceptionHandler own = (failure) -> Status.ABORTED.withDescription("own").asException();
		this.runner.withBean("cfgGrpcErrorMapping", GrpcExceptionHandler.class, () -> own)
			.run((context) -> {
				assertThat(context).hasSingleBean(GrpcExceptionHandler.class);
				assertThat(context.getBean("cfgGrpcErrorMapping")).isSameAs(own);
			});
	}

}
