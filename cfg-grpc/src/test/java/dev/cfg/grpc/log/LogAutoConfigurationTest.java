package dev.cfg.grpc.log;

import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.LifecycleProcessor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.util.ClassUtils;

import dev.cfg.grpc.config.CfgGrpcConfigAutoConfiguration;
import dev.cfg.grpc.pipeline.CfgGrpcPipelineAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request log's auto-configuration, without a server: on by default, off by its switch, an
 * application's own beans win, and without a database only the console observer is left. Making
 * its beans opens no connection; the writer asks the database what it is when it starts.
 */
class LogAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CfgGrpcConfigAutoConfiguration.class,
				CfgGrpcPipelineAutoConfiguration.class, CfgGrpcLogAutoConfiguration.class));

	private ApplicationContextRunner withDatabase(AtomicInteger connections) {
		DataSource counting = new DelegatingDataSource(
				new DriverManagerDataSource("jdbc:h2:mem:log-autoconfiguration;DB_CLOSE_DELAY=-1", "sa", "")) {
			@Override
			public Connection getConnection() throws java.sql.SQLException {
				connections.incrementAndGet();
				return super.getConnection();
			}
		};
		return this.runner.withBean(DataSource.class, () -> counting)
			.withConfiguration(AutoConfigurations.of(ClassUtils.resolveClassName(
					"org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
					getClass().getClassLoader())));
	}

	@Test
	void onByDefaultWithADatabaseAndNoConnectionOpenedWhileBeansAreMade() {
		AtomicInteger connections = new AtomicInteger();
		// Beans are made; nothing is started (as under the check command), so nothing else connects.
		withDatabase(connections).withBean("lifecycleProcessor", LifecycleProcessor.class, StartsNothing::new)
			.run((context) -> {
			assertThat(context).hasSingleBean(RequestLogWriter.class)
				.hasSingleBean(RequestLog.class)
				.hasSingleBean(RequestLogRetention.class)
				.hasSingleBean(RequestLogObserver.class);
			assertThat(connections.get()).as("connections opened by making the beans").isZero();
			});
		withDatabase(connections).run((context) -> assertThat(context.getBean(RequestLogWriter.class).writers())
			.as("chosen for H2 as the writer started").isOne());
	}

	/** A lifecycle processor that starts nothing. */
	static final class StartsNothing implements LifecycleProcessor {

		@Override
		public void onRefresh() {
		}

		@Override
		public void onClose() {
		}

		@Override
		public void start() {
		}

		@Override
		public void stop() {
		}

		@Override
		public boolean isRunning() {
			return false;
		}

	}

	@Test
	void offByItsSwitchWhileWhatIsStoredStaysReadable() {
		withDatabase(new AtomicInteger()).withPropertyValues("cfg.grpc.logging.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(RequestLogWriter.class).hasSingleBean(RequestLog.class);
		});
	}

	@Test
	void offWithTheRestOfCfgGrpc() {
		withDatabase(new AtomicInteger()).withPropertyValues("cfg.grpc.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(RequestLogWriter.class)
				.doesNotHaveBean(RequestLog.class)
				.doesNotHaveBean(RequestLogObserver.class);
		});
	}

	@Test
	void anApplicationsOwnBeansWin() {
		withDatabase(new AtomicInteger())
			.withBean("ownRequestLog", RequestLog.class,
					() -> new RequestLog(new JdbcTemplate(new DriverManagerDataSource("jdbc:h2:mem:own", "sa", ""))))
			.run((context) -> assertThat(context).hasSingleBean(RequestLog.class).hasBean("ownRequestLog"));
	}

	@Test
	void withoutADatabaseOnlyTheObserverIsLeft() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(RequestLogWriter.class)
				.doesNotHaveBean(RequestLog.class)
				.hasSingleBean(RequestLogObserver.class);
		});
	}

}
