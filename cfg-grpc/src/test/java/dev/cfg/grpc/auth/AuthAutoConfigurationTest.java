package dev.cfg.grpc.auth;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.cfg.grpc.AutoConfigurationRunners;
import dev.cfg.grpc.auth.internal.HeaderAuthentication;
import dev.cfg.grpc.config.CfgGrpcConfigAutoConfiguration;
import dev.cfg.grpc.config.CfgGrpcConfigException;
import dev.cfg.grpc.pipeline.CfgGrpcPipelineAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auth stage: on with a way to look users up (an application's own {@link UserResolver}
 * here), off with its switch or cfg-grpc's, and refused at startup, with the way out, when
 * nothing can look users up.
 */
class AuthAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CfgGrpcConfigAutoConfiguration.class,
				CfgGrpcPipelineAutoConfiguration.class, CfgGrpcTokensAutoConfiguration.class,
				CfgGrpcAuthAutoConfiguration.class))
		.withPropertyValues(AutoConfigurationRunners.SECRET);

	private final UserResolver nobody = (id) -> Optional.empty();

	@Test
	void onWithTheApplicationsUserResolver() {
		this.runner.withBean(UserResolver.class, () -> this.nobody).run((context) -> {
			assertThat(context).hasSingleBean(AuthInterceptor.class)
				.hasSingleBean(HeaderAuthentication.class)
				.hasSingleBean(UserResolver.class);
			assertThat(context.getBean(UserResolver.class)).isSameAs(this.nobody);
		});
	}

	@Test
	void offWithItsSwitchOrCfgGrpc() {
		this.runner.withBean(UserResolver.class, () -> this.nobody)
			.withPropertyValues("cfg.grpc.auth.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(AuthInterceptor.class)
				.doesNotHaveBean(HeaderAuthentication.class));
		this.runner.withPropertyValues("cfg.grpc.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(AuthInterceptor.class));
	}

	@Test
	void withoutAUserResolverStartupStopsSayingWhatToDo() {
		this.runner.run((context) -> assertThat(context).getFailure()
			.rootCause()
			.hasMessageContaining("there is no UserResolver bean")
			.isInstanceOfSatisfying(CfgGrpcConfigException.class,
					(failure) -> assertThat(failure.getAction()).contains("cfg.grpc.auth.enabled=false")));
	}

}
