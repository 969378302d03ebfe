package dev.cfg.grpc.log;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.cfg.grpc.pipeline.CallOutcome;
import dev.cfg.grpc.pipeline.RequestIds;
import dev.cfg.grpc.testapp.RunningServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The per-minute and per-hour totals the writer keeps beside the request log: always the same
 * calls as the rows, also with two writers on one database and with a record the database refuses.
 */
abstract class CallTotalsContract {

	private RunningServer server;

	private JdbcTemplate jdbc;

	private RequestLogWriter writer;

	private static final String SUMS = "SELECT method_name, SUM(total) AS total, SUM(successful) AS successful, "
			+ "SUM(errors) AS errors, SUM(cancelled) AS cancelled, SUM(timeouts) AS timeouts, "
			+ "SUM(duration_sum) AS duration_sum FROM cfg_grpc_request_minute WHERE service_name = ? "
			+ "GROUP BY method_name ORDER BY method_name";

	/** Service names of this test run only, so a shared PostgreSQL database holds no strangers. */
	private final String service = "minutes.Test" + System.nanoTime();

	abstract String[] databaseProperties();

	@BeforeEach
	void start() {
		this.server = RunningServer.start(databaseProperties());
		this.jdbc = this.server.context().getBean(JdbcTemplate.class);
		this.writer = this.server.context().getBean(RequestLogWriter.class);
	}

	@AfterEach
	void stop() {
		this.jdbc.update("DELETE FROM cfg_grpc_request_log WHERE service_name = ?", this.service);
		this.jdbc.update("DELETE FROM cfg_grpc_request_minute WHERE service_name = ?", this.service);
		this.jdbc.update("DELETE FROM cfg_grpc_request_hour WHERE service_name = ?", this.service);
		this.server.close();
	}

	@Test
	void minutesAndHoursCountTheSameCallsAsTheRows() throws Exception {
		Instant start = TotalsSpan.MINUTE.startOf(Instant.now()).minus(Duration.ofMinutes(3));
		Random random = new Random(7);
		int[] durations = new int[3000];
		for (int i = 0; i < durations.length; i++) {
			durations[i] = (random.nextInt(10) == 0) ? 100 + random.nextInt(2000) : random.nextInt(40);
			String status = switch (i % 10) {
				case 0 -> "error";
				case 1 -> "cancelled";
				case 2 -> "timeout";
				default -> "success";
			};
			this.writer.offer(record("Method" + (i % 2), start.plusMillis(i * 60L), durations[i], status, "/127.0.0.1:1"));
		}
		assertThat(this.writer.awaitDrained(30_000)).isTrue();

		List<Map<String, Object>> fromRows = this.jdbc.queryForList("SELECT method_name, COUNT(*) AS total, "
				+ "SUM(CASE WHEN status = 'success' THEN 1 ELSE 0 END) AS successful, "
				+ "SUM(CASE WHEN status = 'error' THEN 1 ELSE 0 END) AS errors, "
				+ "SUM(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END) AS cancelled, "
				+ "SUM(CASE WHEN status = 'timeout' THEN 1 ELSE 0 END) AS timeouts, SUM(duration_ms) AS duration_sum "
				+ "FROM cfg_grpc_request_log WHERE service_name = ? GROUP BY method_name ORDER BY method_name",
				this.service);
		List<Map<String, Object>> fromMinutes = this.jdbc.queryForList(SUMS, this.service);
		List<Map<String, Object>> fromHours = this.jdbc.queryForList(SUMS.replace("cfg_grpc_request_minute",
				"cfg_grpc_request_hour"), this.service);
		assertThat(fromRows).hasSize(2);
		assertThat(numbers(fromMinutes)).isEqualTo(numbers(fromRows));
		assertThat(numbers(fromHours)).isEqualTo(numbers(fromRows));
		// 3,000 calls 60 ms apart: three minutes, each of both methods.
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM cfg_grpc_request_minute WHERE service_name = ?",
				Integer.class, this.service)).isEqualTo(6);

		DurationHistogram stored = new DurationHistogram();
		this.jdbc.query("SELECT durations FROM cfg_grpc_request_minute WHERE service_name = ?",
				(java.sql.ResultSet row) -> stored.addEncoded(row.getString(1)), this.service);
		Arrays.sort(durations);
		for (double fraction : new double[] { 0.5, 0.9, 0.95, 0.99 }) {
			double exact = durations[(int) Math.round(fraction * (durations.length - 1))];
			assertThat(stored.percentile(fraction)).as("p" + fraction).isCloseTo(exact, within(Math.max(1, exact / 16)));
		}
	}

	@Test
	void twoWritersOnOneDatabaseAddUpInsteadOfOverwriting() throws Exception {
		RequestLogWriter other = new RequestLogWriter(this.jdbc, 10_000, 50, (nanos) -> {
		});
		other.start();
		Instant minute = TotalsSpan.MINUTE.startOf(Instant.now());
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			List<Future<?>> feeding = new ArrayList<>();
			for (RequestLogWriter each : List.of(this.writer, other)) {
				feeding.add(threads.submit(() -> {
					for (int i = 0; i < 2000; i++) {
						each.offer(record("Same", minute.plusMillis(i % 60_000), 5, "success", "/127.0.0.1:1"));
						if (i % 50 == 0) {
							Thread.yield();
						}
					}
				}));
			}
			for (Future<?> feeder : feeding) {
				feeder.get();
			}
			assertThat(this.writer.awaitDrained(30_000)).isTrue();
			assertThat(other.awaitDrained(30_000)).isTrue();
		}
		finally {
			other.stop();
			threads.shutdownNow();
		}
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM cfg_grpc_request_log WHERE service_name = ?",
				Long.class, this.service)).isEqualTo(4000);
		assertThat(this.jdbc.queryForObject(
				"SELECT SUM(total) FROM cfg_grpc_request_minute WHERE service_name = ? AND method_name = 'Same'",
				Long.class, this.service)).isEqualTo(4000);
		assertThat(this.jdbc.queryForObject(
				"SELECT SUM(total) FROM cfg_grpc_request_hour WHERE service_name = ? AND method_name = 'Same'",
				Long.class, this.service)).isEqualTo(4000);
	}

	@Test
	void theApplicationsWriterHasTheThreadsItsDatabaseGets() {
		assertThat(this.writer.writers()).isEqualTo(defaultWriters());
	}

	/** Writer threads cfg-grpc starts for this database when none are configured. */
	abstract int defaultWriters();

	@Test
	void writerThreadsOfOneProcessWriteEveryRecordOnceAndAddUpWithoutRetrying() throws Exception {
		RequestLogWriter several = new RequestLogWriter(this.jdbc, 50_000, 50, (nanos) -> {
		}, true, 4, Duration.ofMillis(100));
		several.start();
		Instant minute = TotalsSpan.MINUTE.startOf(Instant.now());
		ExecutorService feeders = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> feeding = new ArrayList<>();
			for (int feeder = 0; feeder < 4; feeder++) {
				feeding.add(feeders.submit(() -> {
					for (int i = 0; i < 2000; i++) {
						several.offer(record("Many", minute.plusMillis(i * 45L), 5, "success", "/127.0.0.1:1"));
					}
				}));
			}
			for (Future<?> feeder : feeding) {
				feeder.get();
			}
			// Stopped at once: what is still queued is written before stop() returns.
		}
		finally {
			several.stop();
			feeders.shutdownNow();
		}
		assertThat(several.awaitDrained(0)).isTrue();
		assertThat(several.failedAttempts()).as("retried batches").isZero();
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM cfg_grpc_request_log WHERE service_name = ?",
				Long.class, this.service)).isEqualTo(8000);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(DISTINCT request_id) FROM cfg_grpc_request_log "
				+ "WHERE service_name = ?", Long.class, this.service)).isEqualTo(8000);
		assertThat(this.jdbc.queryForObject(
				"SELECT SUM(total) FROM cfg_grpc_request_minute WHERE service_name = ? AND method_name = 'Many'",
				Long.class, this.service)).isEqualTo(8000);
		assertThat(this.jdbc.queryForObject(
				"SELECT SUM(total) FROM cfg_grpc_request_hour WHERE service_name = ? AND method_name = 'Many'",
				Long.class, this.service)).isEqualTo(8000);
	}

	@Test
	void recordsArrivingWithinTheFlushIntervalAreWrittenAsOneBatch() throws Exception {
		java.util.concurrent.atomic.AtomicInteger batches = new java.util.concurrent.atomic.AtomicInteger();
		RequestLogWriter waiting = new RequestLogWriter(this.jdbc, 1_000, 500, (nanos) -> batches.incrementAndGet(),
				true, 1, Duration.ofMillis(500));
		waiting.start();
		try {
			Instant now = Instant.now();
			for (int i = 0; i < 40; i++) {
				waiting.offer(record("Batched", now.plusMillis(i), 5, "success", "/127.0.0.1:1"));
			}
			// Nothing can be written sooner than the interval after the writer took the first record.
			assertThat(waiting.written()).isZero();
			assertThat(waiting.awaitDrained(60_000)).isTrue();
		}
		finally {
			waiting.stop();
		}
		assertThat(batches.get()).isEqualTo(1);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM cfg_grpc_request_log WHERE service_name = ? "
				+ "AND method_name = 'Batched'", Long.class, this.service)).isEqualTo(40);
	}

	@Test
	void aRecordTheDatabaseRefusesIsSetAsideAndTheOthersAreWritten() throws Exception {
		Instant now = Instant.now();
		for (int i = 0; i < 99; i++) {
			this.writer.offer(record("Fine", now, 3, "success", "/127.0.0.1:" + i));
			if (i == 50) {
				// Longer than the peer column: the database refuses this row.
				this.writer.offer(record("Fine", now, 3, "success", "/" + "x".repeat(300)));
			}
		}
		assertThat(this.writer.awaitDrained(30_000)).isTrue();
		assertThat(this.writer.rejected()).isEqualTo(1);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM cfg_grpc_request_log WHERE service_name = ?",
				Long.class, this.service)).isEqualTo(99);
		assertThat(this.jdbc.queryForObject("SELECT SUM(total) FROM cfg_grpc_request_minute WHERE service_name = ?",
				Long.class, this.service)).isEqualTo(99);
	}

	@Test
	void retentionDeletesTheMinutesWithTheirRows() throws Exception {
		Instant now = Instant.now();
		for (int i = 0; i < 20; i++) {
			this.writer.offer(record("Kept", now.minus(Duration.ofDays(2)), 3, "success", "/127.0.0.1:1"));
			this.writer.offer(record("Gone", now.minus(Duration.ofDays(40)), 3, "success", "/127.0.0.1:1"));
		}
		assertThat(this.writer.awaitDrained(30_000)).isTrue();
		this.server.context().getBean(RequestLogRetention.class).deleteOlderThan(Duration.ofDays(30));
		assertThat(this.jdbc.queryForList("SELECT method_name FROM cfg_grpc_request_minute WHERE service_name = ?",
				String.class, this.service)).containsExactly("Kept");
		assertThat(this.jdbc.queryForList("SELECT method_name FROM cfg_grpc_request_hour WHERE service_name = ?",
				String.class, this.service)).containsExactly("Kept");
		assertThat(this.jdbc.queryForList("SELECT DISTINCT method_name FROM cfg_grpc_request_log WHERE service_name = ?",
				String.class, this.service)).containsExactly("Kept");
	}

	private RequestLogRecord record(String method, Instant created, int durationMs, String status, String peer) {
		return RequestLogRecord.builder()
			.requestId(RequestIds.next())
			.serviceName(this.service)
			.methodName(method)
			.fullMethod(this.service + "/" + method)
			.methodType("UNARY")
			.requestSize(10)
			.responseSize(20)
			.requestCount(1)
			.responseCount(1)
			.outcome(CallOutcome.fromWord(status).orElseThrow())
			.grpcStatusCode("success".equals(status) ? "OK" : "INTERNAL")
			.durationMs(durationMs)
			.clientIp("127.0.0.1")
			.userAgent("test")
			.peer(peer)
			.createdAt(created)
			.completedAt(created.plusMillis(durationMs))
			.build();
	}

	/** The same sums, whatever number type each database returns them as. */
	private static List<List<Long>> numbers(List<Map<String, Object>> rows) {
		return rows.stream()
			.map((row) -> row.entrySet()
				.stream()
				.filter((entry) -> entry.getValue() instanceof Number)
				.map((entry) -> ((Number) entry.getValue()).longValue())
				.toList())
			.toList();
	}

}
