package dev.cfg.grpc.log;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.common.util.concurrent.ListenableFuture;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.cfg.grpc.test.echo.EchoReply;
import dev.cfg.grpc.test.echo.EchoServiceGrpc;
import dev.cfg.grpc.testapp.Calls;
import dev.cfg.grpc.testapp.RunningServer;

import static org.assertj.core.api.Assertions.assertThat;

/** The write path: calls never wait for the database, records survive an outage and a shutdown. */
class RequestLogWriterTest {

	@Test
	void whileTheDatabaseRefusesWritesCallsSucceedAndRecordsAreWrittenWhenItRecovers() throws Exception {
		try (RunningServer server = RunningServer.start("cfg.grpc.logging.queue-capacity=150",
				"cfg.grpc.logging.batch-size=10")) {
			JdbcTemplate jdbc = server.context().getBean(JdbcTemplate.class);
			RequestLogWriter writer = server.context().getBean(RequestLogWriter.class);
			// The table disappears: every batch insert fails until it is back.
			jdbc.execute("ALTER TABLE cfg_grpc_request_log RENAME TO cfg_grpc_request_log_away");
			List<ListenableFuture<EchoReply>> calls = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				calls.add(EchoServiceGrpc.newFutureStub(server.channel()).echo(Calls.request("during outage " + i)));
			}
			for (ListenableFuture<EchoReply> call : calls) {
				assertThat(call.get(10, TimeUnit.SECONDS).getText()).startsWith("during outage");
			}
			org.awaitility.Awaitility.await()
				.atMost(java.time.Duration.ofMinutes(1))
				.until(() -> writer.failedAttempts() > 0);
			jdbc.execute("ALTER TABLE cfg_grpc_request_log_away RENAME TO cfg_grpc_request_log");
			assertThat(writer.awaitDrained(20_000)).isTrue();
			long written = jdbc.queryForObject("SELECT COUNT(*) FROM cfg_grpc_request_log", Long.class);
			// Up to the queue's capacity (plus the batch in hand) waits; the rest is dropped and counted.
			assertThat(written + writer.dropped()).isEqualTo(200);
			assertThat(writer.dropped()).isPositive();
			assertThat(written).isGreaterThanOrEqualTo(150);
		}
	}

	@Test
	void aCleanShutdownWritesEveryQueuedRecord() throws Exception {
		String url = "jdbc:h2:mem:shutdown-drain;DB_CLOSE_DELAY=-1";
		RunningServer server = RunningServer.start("spring.datasource.url=" + url);
		List<ListenableFuture<EchoReply>> calls = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			calls.add(EchoServiceGrpc.newFutureStub(server.channel()).echo(Calls.request("call " + i)));
		}
		for (ListenableFuture<EchoReply> call : calls) {
			call.get(30, TimeUnit.SECONDS);
		}
		server.close();
		// The in-memory database outlives the context (DB_CLOSE_DELAY=-1): count what was written.
		JdbcTemplate after = new JdbcTemplate(new DriverManagerDataSource(url, "sa", ""));
		assertThat(after.queryForObject("SELECT COUNT(*) FROM cfg_grpc_request_log WHERE method_name = 'Echo'",
				Long.class)).isEqualTo(1000);
	}

}
