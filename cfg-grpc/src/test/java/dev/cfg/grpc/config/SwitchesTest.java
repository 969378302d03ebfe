package dev.cfg.grpc.config;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import dev.cfg.grpc.AutoConfigurationRunners;
import dev.cfg.grpc.auth.CfgGrpcAuthAutoConfiguration;
import dev.cfg.grpc.auth.CfgGrpcTokensAutoConfiguration;
import dev.cfg.grpc.auth.TokenIssuer;
import dev.cfg.grpc.auth.UserResolver;
import dev.cfg.grpc.errors.CfgGrpcErrorsAutoConfiguration;
import dev.cfg.grpc.log.CfgGrpcLogAutoConfiguration;
import dev.cfg.grpc.log.RequestLog;
import dev.cfg.grpc.log.RequestLogRetention;
import dev.cfg.grpc.log.RequestLogWriter;
import dev.cfg.grpc.fleet.CfgGrpcFleetAutoConfiguration;
import dev.cfg.grpc.fleet.ServerInstances;
import dev.cfg.grpc.monitor.CfgGrpcMonitorAutoConfiguration;
import dev.cfg.grpc.pipeline.ActiveCalls;
import dev.cfg.grpc.pipeline.CfgGrpcPipelineAutoConfiguration;
import dev.cfg.grpc.schema.CfgSchemaAutoConfiguration;
import dev.cfg.grpc.server.CfgGrpcServerAutoConfiguration;
import dev.cfg.grpc.server.ServiceRegistry;
import dev.cfg.grpc.service.CfgGrpcServiceAutoConfiguration;
import dev.cfg.grpc.users.ApiKeyStore;
import dev.cfg.grpc.users.CfgGrpcUsersAutoConfiguration;
import dev.cfg.grpc.users.UserStore;
import dev.cfg.grpc.validation.CfgGrpcValidationAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each switch turns its beans on and off, checked on application contexts that start no server
 * (no gRPC port, no web server), beside the end-to-end tests that check what the beans do.
 */
class SwitchesTest {

	private static final Class<?>[] CFG_GRPC = { CfgGrpcConfigAutoConfiguration.class, CfgSchemaAutoConfiguration.class,
			CfgGrpcUsersAutoConfiguration.class, CfgGrpcTokensAutoConfiguration.class, CfgGrpcAuthAutoConfiguration.class,
			CfgGrpcServerAutoConfiguration.class,
			CfgGrpcServiceAutoConfiguration.class, CfgGrpcErrorsAutoConfiguration.class,
			CfgGrpcPipelineAutoConfiguration.class, CfgGrpcValidationAutoConfiguration.class,
			CfgGrpcLogAutoConfiguration.class,
			CfgGrpcMonitorAutoConfiguration.class, CfgGrpcFleetAutoConfiguration.class };

	private static final String[] PROPERTIES = { "spring.datasource.url=jdbc:h2:mem:switches;DB_CLOSE_DELAY=-1",
			"cfg.secret-key=switches-secret-key-of-at-least-32-bytes-0123" };

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(configurations()))
		.withPropertyValues(PROPERTIES);

	private final WebApplicationContextRunner webRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(configurations()))
		.withPropertyValues(PROPERTIES);

	private static Class<?>[] configurations() {
		List<Class<?>> all = new ArrayList<>();
		for (String name : AutoConfigurationRunners.DATA) {
			all.add(AutoConfigurationRunners.type(name));
		}
		all.addAll(List.of(CFG_GRPC));
		return all.toArray(Class<?>[]::new);
	}

	@Test
	void everythingIsOnByDefault() {
		this.webRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(ServiceRegistry.class)
				.hasSingleBean(ActiveCalls.class)
				.hasBean("cfgGrpcObserveInterceptor")
				.hasBean("cfgGrpcAuthInterceptor")
				.hasBean("cfgGrpcServiceCallInterceptor")
				.hasBean("cfgGrpcRequestValidation")
				.hasSingleBean(TokenIssuer.class)
				.hasSingleBean(UserStore.class)
				.hasSingleBean(ApiKeyStore.class)
				.hasSingleBean(RequestLogWriter.class)
				.hasSingleBean(RequestLogRetention.class)
				.hasSingleBean(RequestLog.class)
				.hasSingleBean(ServerInstances.class)
				.hasBean("cfgGrpcInstanceHeartbeat")
				.hasBean("cfgGrpcMonitorController");
			assertThat(context.getBean(DataSource.class).getClass().getSimpleName()).isEqualTo("ReadOnlyDataSource");
		});
	}

	@Test
	void usersAndTokensNeedADataSourceButNoJpa() {
		List<Class<?>> withoutJpa = new ArrayList<>(List.of(configurations()));
		withoutJpa.removeIf((configuration) -> configuration.getSimpleName().equals("HibernateJpaAutoConfiguration"));
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(withoutJpa.toArray(Class<?>[]::new)))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:switches-no-jpa;DB_CLOSE_DELAY=-1", PROPERTIES[1])
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean("entityManagerFactory");
				UserStore users = context.getBean(UserStore.class);
				users.createUser("nojpa", "", "nojpa-password", false, false);
				users.addToGroup("nojpa", "readers");
				users.grantGroupPermission("readers", "notes.view_note");
				assertThat(users.findByUsername("nojpa")).get()
					.satisfies((user) -> assertThat(user.permissionNames()).containsExactly("notes.view_note"));
				assertThat(context).hasSingleBean(TokenIssuer.class).hasSingleBean(ApiKeyStore.class);
			});
	}

	@Test
	void cfgGrpcEnabledFalseTurnsGrpcOffAndKeepsTheUserStore() {
		this.webRunner.withPropertyValues("cfg.grpc.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(ServiceRegistry.class)
				.doesNotHaveBean(ActiveCalls.class)
				.doesNotHaveBean("cfgGrpcObserveInterceptor")
				.doesNotHaveBean("cfgGrpcAuthInterceptor")
				.doesNotHaveBean(TokenIssuer.class)
				.hasSingleBean(UserStore.class)
				.doesNotHaveBean(RequestLogWriter.class)
				.doesNotHaveBean(RequestLog.class)
				.doesNotHaveBean(ServerInstances.class)
				.doesNotHaveBean("cfgGrpcMonitorController");
			assertThat(context.getBean(DataSource.class).getClass().getSimpleName()).isNotEqualTo("ReadOnlyDataSource");
		});
	}

	@Test
	void loggingEnabledFalseStopsWritingButKeepsTheLogReadable() {
		this.runner.withPropertyValues("cfg.grpc.logging.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(RequestLogWriter.class)
				.hasSingleBean(RequestLog.class)
				.hasBean("cfgGrpcRequestLogObserver")
				.hasBean("cfgGrpcObserveInterceptor");
		});
	}

	@Test
	void fleetEnabledFalseRemovesTheInstanceTableAndHeartbeatOnly() {
		this.runner.withPropertyValues("cfg.grpc.fleet.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(ServerInstances.class)
				.doesNotHaveBean("cfgGrpcInstanceHeartbeat")
				.hasSingleBean(RequestLogWriter.class)
				.hasSingleBean(RequestLog.class);
		});
	}

	@Test
	void authEnabledFalseRemovesTheAuthStageAndTokens() {
		this.runner.withPropertyValues("cfg.grpc.auth.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean("cfgGrpcAuthInterceptor")
				.doesNotHaveBean(TokenIssuer.class)
				.doesNotHaveBean("cfgGrpcBearerAuthentication")
				.hasSingleBean(UserStore.class)
				.hasBean("cfgGrpcObserveInterceptor");
		});
	}

	@Test
	void usersEnabledFalseRemovesTheStoreAndAuthThenNeedsAResolver() {
		this.runner.withPropertyValues("cfg.grpc.users.enabled=false").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("there is no UserResolver bean");
		});
		this.runner.withPropertyValues("cfg.grpc.users.enabled=false")
			.withBean(UserResolver.class, () -> (id) -> java.util.Optional.empty())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(UserStore.class)
					.doesNotHaveBean(ApiKeyStore.class)
					.hasBean("cfgGrpcAuthInterceptor");
			});
	}

	@Test
	void validationNeedsProtovalidateAndGoesOffWithItsSwitch() {
		this.runner.withPropertyValues("cfg.grpc.validation.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean("cfgGrpcRequestValidation").hasBean("cfgGrpcServiceCallInterceptor");
		});
		this.runner.withClassLoader(new FilteredClassLoader("build.buf.protovalidate")).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean("cfgGrpcRequestValidation").hasBean("cfgGrpcServiceCallInterceptor");
		});
	}

	@Test
	void eventsEnabledFalseRemovesTheCallEventsOnly() {
		this.runner.run((context) -> assertThat(context).hasBean("cfgGrpcCallEvents"));
		this.runner.withPropertyValues("cfg.grpc.events.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean("cfgGrpcCallEvents").hasBean("cfgGrpcObserveInterceptor");
		});
	}

	@Test
	void monitorEnabledFalseRemovesTheApiOnly() {
		this.webRunner.withPropertyValues("cfg.grpc.monitor.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean("cfgGrpcMonitorController").hasSingleBean(RequestLog.class);
		});
	}

	@Test
	void theMonitorNeedsAWebApplication() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean("cfgGrpcMonitorController"));
	}

	@Test
	void readOnlyGuardDataSourcesFalseLeavesDataSourcesUnwrapped() {
		this.runner.withPropertyValues("cfg.grpc.read-only.guard-data-sources=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(DataSource.class).getClass().getSimpleName()).isNotEqualTo("ReadOnlyDataSource");
			assertThat(context).hasBean("cfgGrpcServiceCallInterceptor");
		});
	}

}
