package dev.cfg.grpc.server;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

import dev.cfg.grpc.config.CfgGrpcConfigAutoConfiguration;
import dev.cfg.grpc.testapp.Greeting;
import dev.cfg.grpc.testapp.PrivateGrpcService;
import dev.cfg.grpc.testapp.discovered.PingGrpcService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Discovery registers the services of listed packages and classes as beans, once each, leaves an
 * application's own bean of the same class alone, and registers nothing with cfg-grpc off.
 */
class DiscoveryAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CfgGrpcConfigAutoConfiguration.class,
				CfgGrpcDiscoveryAutoConfiguration.class))
		.withPropertyValues("cfg.grpc.enabled-apps=dev.cfg.grpc.testapp.discovered",
				"cfg.grpc.custom-services=" + PrivateGrpcService.class.getName())
		.withBean(Greeting.class);

	@Test
	void registersListedPackagesAndClasses() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(PingGrpcService.class)
			.hasSingleBean(PrivateGrpcService.class));
	}

	@Test
	void offWithCfgGrpc() {
		this.runner.withPropertyValues("cfg.grpc.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(PingGrpcService.class)
				.doesNotHaveBean(PrivateGrpcService.class));
	}

	@Test
	void anApplicationsOwnBeanOfAListedClassIsKept() {
		PrivateGrpcService own = new PrivateGrpcService();
		this.runner.withBean("ownPrivate", PrivateGrpcService.class, () -> own).run((context) -> {
			assertThat(context).hasSingleBean(PrivateGrpcService.class);
			assertThat(context.getBean(PrivateGrpcService.class)).isSameAs(own);
		});
	}

	@Test
	void aListedClassThatIsNotAServiceStopsStartupNamingTheKey() {
		this.runner.withPropertyValues("cfg.grpc.custom-services=java.lang.String")
			.run((context) -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.hasMessageContaining("cfg.grpc.custom-services"));
	}

}
