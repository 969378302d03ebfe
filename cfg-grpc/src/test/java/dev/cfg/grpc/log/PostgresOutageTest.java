package dev.cfg.grpc.log;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.cfg.grpc.test.echo.EchoReply;
import dev.cfg.grpc.test.echo.EchoServiceGrpc;
import dev.cfg.grpc.testapp.Calls;
import dev.cfg.grpc.testapp.PostgresAvailable;
import dev.cfg.grpc.testapp.RunningServer;
import dev.cfg.grpc.testapp.TcpProxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * PostgreSQL goes away for 10 seconds under steady load (every connection to it reset, new ones
 * refused): no call that does not itself need the database fails, and once it is back every record
 * of the outage is written, minutes included.
 */
@ExtendWith(PostgresAvailable.class)
class PostgresOutageTest {

	private static final String ECHO = "cfg.test.EchoService";

	/** The load's method: it never touches the database, so only the request log depends on it. */
	private static final String STREAM = "EchoStream";

	@Test
	void tenSecondsWithoutTheDatabaseFailNoCallAndLoseNoRecord() throws Exception {
		try (TcpProxy database = new TcpProxy(5432);
				RunningServer server = RunningServer.start(
						"spring.datasource.url=jdbc:postgresql://127.0.0.1:" + database.port() + "/cfg_grpc_test",
						"spring.datasource.username=" + PostgresAvailable.USER,
						"spring.datasource.password=" + PostgresAvailable.PASSWORD,
						"spring.datasource.hikari.connection-timeout=1000")) {
			JdbcTemplate jdbc = server.context().getBean(JdbcTemplate.class);
			RequestLogWriter writer = server.context().getBean(RequestLogWriter.class);
			long rowsBefore = rows(jdbc);
			long minutesBefore = minutes(jdbc);

			Load load = new Load(server);
			load.runFor(Duration.ofSeconds(3));
			database.cut();
			load.runFor(Duration.ofSeconds(5));
			// A call that needs the database itself gets a status it can act on, not a hang or INTERNAL.
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> Calls.echo(server.channel()).echo(Calls.request("needs the database")))
				.satisfies((failure) -> assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE))
				.withMessageContaining("Database temporarily unavailable");
			load.runFor(Duration.ofSeconds(5));
			long failedWhileDown = writer.failedAttempts();
			database.restore();
			load.runFor(Duration.ofSeconds(3));
			load.awaitAll();

			assertThat(load.failed.get()).as("calls failed, the first with %s", load.firstFailure).isZero();
			assertThat(load.succeeded.get()).isGreaterThan(2000);
			assertThat(failedWhileDown).as("writes that failed while the database was away").isPositive();
			assertThat(writer.awaitDrained(30_000)).isTrue();
			assertThat(writer.dropped()).isZero();
			assertThat(rows(jdbc) - rowsBefore).isEqualTo(load.succeeded.get());
			assertThat(minutes(jdbc) - minutesBefore).isEqualTo(load.succeeded.get());
		}
	}

	private static long rows(JdbcTemplate jdbc) {
		return jdbc.queryForObject("SELECT COUNT(*) FROM cfg_grpc_request_log WHERE service_name = ? AND method_name = ?", Long.class, ECHO, STREAM);
	}

	private static long minutes(JdbcTemplate jdbc) {
		return jdbc.queryForObject("SELECT COALESCE(SUM(total), 0) FROM cfg_grpc_request_minute WHERE service_name = ? "
				+ "AND method_name = ?", Long.class, ECHO, STREAM);
	}

	/** Eight calls in flight at a time, about 400 a second: steady load, well inside the queue. */
	private static final class Load {

		final AtomicLong succeeded = new AtomicLong();

		final AtomicLong failed = new AtomicLong();

		volatile String firstFailure;

		private final Semaphore inFlight = new Semaphore(8);

		private final EchoServiceGrpc.EchoServiceStub stub;

		Load(RunningServer server) {
			this.stub = EchoServiceGrpc.newStub(server.channel());
		}

		void runFor(Duration duration) throws InterruptedException {
			long end = System.nanoTime() + duration.toNanos();
			while (System.nanoTime() < end) {
				this.inFlight.acquire();
				this.stub.withDeadlineAfter(5, TimeUnit.SECONDS).echoStream(Calls.request("load"), new StreamObserver<>() {
					@Override
					public void onNext(EchoReply reply) {
					}

					@Override
					public void onError(Throwable failure) {
						if (Load.this.failed.incrementAndGet() == 1) {
							Load.this.firstFailure = failure.toString();
						}
						Load.this.inFlight.release();
					}

					@Override
					public void onCompleted() {
						Load.this.succeeded.incrementAndGet();
						Load.this.inFlight.release();
					}
				});
				// Paces the load to a steady rate the outage must not disturb: not a wait for a condition.
				Thread.sleep(1);
			}
		}

		void awaitAll() throws InterruptedException {
			assertThat(this.inFlight.tryAcquire(8, 10, TimeUnit.SECONDS)).isTrue();
			this.inFlight.release(8);
		}

	}

}
