package dev.cfg.grpc.log;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.cfg.grpc.pipeline.CallOutcome;
import dev.cfg.grpc.pipeline.RequestIds;
import dev.cfg.grpc.schema.CfgSchemaAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The writer against a migrated database and nothing else (no server, no Spring context): a
 * shutdown writes what is queued even after a long outage earlier in the writer's life.
 */
class WriterShutdownTest {

	@Test
	void aShutdownAfterAnOutageAndARecoveryStillFlushesWhatIsQueued() throws Exception {
		JdbcTemplate jdbc = migratedDatabase("writer-shutdown");
		RequestLogWriter writer = new RequestLogWriter(jdbc, 10_000, 50, (nanos) -> {
		}, false, 1, Duration.ZERO, Duration.ofMillis(1));
		writer.start();
		try {
			// An outage long enough for more failed attempts than a shutdown allows itself.
			jdbc.execute("ALTER TABLE cfg_grpc_request_log RENAME TO cfg_grpc_request_log_away");
			writer.offer(record("DuringOutage"));
			await().atMost(60, TimeUnit.SECONDS)
				.until(() -> writer.failedAttempts() > RequestLogWriter.ATTEMPTS_AT_SHUTDOWN + 5);
			jdbc.execute("ALTER TABLE cfg_grpc_request_log_away RENAME TO cfg_grpc_request_log");
			assertThat(writer.awaitDrained(60_000)).isTrue();

			// The database hiccups again just as the application stops, with records still queued.
			jdbc.execute("ALTER TABLE cfg_grpc_request_log RENAME TO cfg_grpc_request_log_away");
			long failedBefore = writer.failedAttempts();
			for (int i = 0; i < 20; i++) {
				writer.offer(record("AtShutdown"));
			}
			await().atMost(60, TimeUnit.SECONDS).until(() -> writer.failedAttempts() > failedBefore);
			CompletableFuture<Void> stopping = CompletableFuture.runAsync(writer::stop);
			await().atMost(60, TimeUnit.SECONDS).until(() -> writer.failedAttempts() > failedBefore + 3);
			jdbc.execute("ALTER TABLE cfg_grpc_request_log_away RENAME TO cfg_grpc_request_log");
			stopping.get(60, TimeUnit.SECONDS);
		}
		finally {
			writer.stop();
		}
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM cfg_grpc_request_log WHERE method_name = 'AtShutdown'",
				Long.class)).isEqualTo(20);
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM cfg_grpc_request_log WHERE method_name = 'DuringOutage'",
				Long.class)).isEqualTo(1);
	}

	/** An in-memory H2 database with cfg-grpc's tables, as the schema's auto-configuration makes them. */
	static JdbcTemplate migratedDatabase(String name) {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(
				"jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "");
		CfgSchemaAutoConfiguration.migrateCfgSchema(Flyway.configure().dataSource(dataSource).load());
		return new JdbcTemplate(dataSource);
	}

	private static RequestLogRecord record(String method) {
		Instant now = Instant.now();
		return RequestLogRecord.builder()
			.requestId(RequestIds.next())
			.serviceName("shutdown.Test")
			.methodName(method)
			.fullMethod("shutdown.Test/" + method)
			.methodType("UNARY")
			.outcome(CallOutcome.SUCCESS)
			.grpcStatusCode("OK")
			.createdAt(now)
			.completedAt(now)
			.build();
	}

}
