package dev.cfg.grpc.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.cfg.grpc.auth.TokenIssuer;
import dev.cfg.grpc.log.HarnessRows;
import dev.cfg.grpc.log.RequestLogRecord;
import dev.cfg.grpc.log.RequestLogRetention;
import dev.cfg.grpc.log.RequestLogWriter;
import dev.cfg.grpc.pipeline.CallOutcome;
import dev.cfg.grpc.pipeline.RequestIds;
import dev.cfg.grpc.users.UserStore;

/**
 * The second mode of the harness: the request log writer alone (rows per second it stores), then
 * the monitoring endpoints over a table of that many rows spread over the last 24 hours (p50 and
 * p95 of each endpoint's answer time, over HTTP as a staff user).
 */
final class StorageBench {

	/*
	 * The filtered lists show what the log's indexes buy: a twentieth of the rows are errors, a sixth
	 * are one method's, and no row is the absent service's (every row read and none found).
	 */
	private static final String[] ENDPOINTS = { "overview/", "requests/?count=50", "requests/?count=50&status=error",
			"requests/?count=50&service=bench.Service1&method=Method1", "requests/?count=50&service=bench.Absent",
			"services/", "methods/", "timeline/?interval=hour", "timeline/?interval=minute&hours=1", "overview/?hours=168",
			"active/", "health/" };

	private final int rows;

	private final int repeats;

	private final Integer writers;

	StorageBench(int rows, int repeats, Integer writers) {
		this.rows = rows;
		this.repeats = repeats;
		this.writers = writers;
	}

	void run(String name, List<String> datasource) throws Exception {
		List<String> arguments = new ArrayList<>(List.of("--spring.main.banner-mode=off", "--logging.level.root=warn",
				"--cfg.secret-key=bench-secret-key-of-at-least-32-bytes-0123456789", "--cfg.grpc.server.port=0",
				"--server.port=0", "--cfg.grpc.logging.queue-capacity=200000", "--cfg.grpc.logging.batch-size=1000"));
		if (this.writers != null) {
			arguments.add("--cfg.grpc.logging.writers=" + this.writers);
		}
		arguments.addAll(datasource);
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(BenchApplication.class)
			.web(WebApplicationType.SERVLET)
			.run(arguments.toArray(String[]::new))) {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			// Emptied, not deleted from: dead rows left by an earlier run would slow this one down.
			jdbc.execute("TRUNCATE TABLE cfg_grpc_request_log");
			jdbc.execute("TRUNCATE TABLE cfg_grpc_request_minute");
			jdbc.execute("TRUNCATE TABLE cfg_grpc_request_hour");
			RequestLogWriter writer = context.getBean(RequestLogWriter.class);
			if (name.equals("PostgreSQL")) {
				// The rows are of the last 24 hours; a live server has had yesterday's partition since then.
				LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
				jdbc.execute("CREATE TABLE IF NOT EXISTS cfg_grpc_request_log_p" + yesterday.toString().replace("-", "")
						+ " PARTITION OF cfg_grpc_request_log FOR VALUES FROM ('" + yesterday + " 00:00:00+00') TO ('"
						+ yesterday.plusDays(1) + " 00:00:00+00')");
			}
			// Made before the clock starts, in the order calls end in: the writer alone is timed.
			Instant dayAgo = Instant.now().minus(Duration.ofDays(1));
			Random random = new Random(1);
			List<RequestLogRecord> records = new ArrayList<>(this.rows);
			for (int i = 0; i < this.rows; i++) {
				records.add(record(dayAgo.plusMillis(86_400_000L * i / this.rows), random));
			}
			long writerCpu = writerCpuNanos();
			long databaseCpu = postgresCpuNanos();
			long start = System.nanoTime();
			for (RequestLogRecord record : records) {
				while (writer.queued() > 150_000) {
					LockSupport.parkNanos(1_000_000);
				}
				HarnessRows.offer(writer, record);
			}
			records = null;
			writer.awaitDrained(600_000);
			double seconds = (System.nanoTime() - start) / 1e9;
			long stored = jdbc.queryForObject("SELECT COUNT(*) FROM cfg_grpc_request_log", Long.class);
			writerCpu = writerCpuNanos() - writerCpu;
			databaseCpu = postgresCpuNanos() - databaseCpu;
			System.out.printf("%s writer alone (%d threads): %d rows in %.1f s = %.0f rows/s (stored %d, dropped %d)%n",
					name, writer.writers(), this.rows, seconds, this.rows / seconds, stored, writer.dropped());
			// H2 runs inside the writer's thread; PostgreSQL in server processes of its own, beside it.
			System.out.printf("%s CPU per row: writer threads %.1f us, PostgreSQL processes %.1f us%n", name,
					writerCpu / 1e3 / this.rows, name.equals("PostgreSQL") ? databaseCpu / 1e3 / this.rows : 0.0);

			if (this.repeats > 0) {
				endpoints(context, name, stored);
			}
			if (name.equals("PostgreSQL")) {
				// The days before today are whole partitions there: retention drops them.
				Instant today = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
				long older = jdbc.queryForObject("SELECT COUNT(*) FROM cfg_grpc_request_log WHERE created_at < ?",
						Long.class, java.sql.Timestamp.from(today));
				long begin = System.nanoTime();
				long deleted = context.getBean(RequestLogRetention.class)
					.deleteOlderThan(Duration.between(today, Instant.now()));
				System.out.printf("%s retention: %d rows before %s (%d counted) gone in %d ms%n", name, deleted, today,
						older, (System.nanoTime() - begin) / 1_000_000);
			}
		}
	}

	/** The monitoring endpoints' and admin pages' answer times over the rows written. */
	private void endpoints(ConfigurableApplicationContext context, String name, long stored) throws Exception {
		String staffName = "bench-staff-" + System.nanoTime();
		long staff = context.getBean(UserStore.class).createUser(staffName, "", AdminPagesBench.PASSWORD, true, true).getId();
		int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
		HttpClient http = HttpClient.newHttpClient();
		// A Bearer token, as a dashboard would send: HTTP Basic would time bcrypt, not the endpoint.
		String bearer = "Bearer " + context.getBean(TokenIssuer.class).accessToken(String.valueOf(staff), Duration.ofHours(1));
		for (String endpoint : ENDPOINTS) {
			HttpRequest request = HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + port + "/cfg/grpc/monitor/" + endpoint))
				.header("Authorization", bearer)
				.build();
			Timed timed = Timed.answers(http, request, this.repeats);
			System.out.printf("%s monitor %-36s HTTP %d  p50 %5d ms  p95 %5d ms  (over %d rows)%n", name, endpoint,
					timed.status(), timed.p50(), timed.p95(), stored);
		}
		new AdminPagesBench(context, port, this.repeats, staffName).run(name, stored);
	}

	private static String hex(Random random, int digits) {
		StringBuilder text = new StringBuilder(digits);
		for (int i = 0; i < digits; i++) {
			text.append(Character.forDigit(random.nextInt(16), 16));
		}
		return text.toString();
	}

	/** CPU time of the request log's writer threads so far. */
	static long writerCpuNanos() {
		java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
		long total = 0;
		for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
			// The writers' names, not the retention task's, which starts the same.
			if (info != null && info.getThreadName().matches(RequestLogWriter.THREAD_NAME + "(-\\d+)?")) {
				total += threads.getThreadCpuTime(info.getThreadId());
			}
		}
		return total;
	}

	/**
	 * CPU time of this machine's PostgreSQL processes so far (the first field of Linux's
	 * {@code /proc/<pid>/schedstat}, in nanoseconds), or 0 where there is no {@code /proc}.
	 */
	private static long postgresCpuNanos() {
		long total = 0;
		java.io.File[] processes = new java.io.File("/proc").listFiles((file) -> file.getName().matches("\\d+"));
		for (java.io.File process : (processes != null) ? processes : new java.io.File[0]) {
			try {
				String command = java.nio.file.Files.readString(process.toPath().resolve("comm")).strip();
				if (command.startsWith("postgres")) {
					String schedstat = java.nio.file.Files.readString(process.toPath().resolve("schedstat"));
					total += Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
				}
			}
			catch (java.io.IOException | RuntimeException ex) {
				// The process ended while being read.
			}
		}
		return total;
	}

	/** Answer times of one request, sent again and again after a warm-up. */
	record Timed(int status, long p50, long p95) {

		static Timed answers(HttpClient http, HttpRequest request, int repeats) throws Exception {
			// Answers before the timed ones warm the code path, as a dashboard's first minutes would.
			for (int i = 0; i < 5; i++) {
				http.send(request, HttpResponse.BodyHandlers.discarding());
			}
			long[] millis = new long[repeats];
			int status = 0;
			for (int i = 0; i < repeats; i++) {
				long begin = System.nanoTime();
				HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
				millis[i] = (System.nanoTime() - begin) / 1_000_000;
				status = response.statusCode();
			}
			Arrays.sort(millis);
			return new Timed(status, millis[millis.length / 2], millis[(int) Math.ceil(millis.length * 0.95) - 1]);
		}

	}

	private static RequestLogRecord record(Instant created, Random random) {
		int method = random.nextInt(6);
		boolean ok = random.nextInt(20) != 0;
		int duration = 1 + random.nextInt(50);
		String service = "bench.Service" + (method % 3);
		return RequestLogRecord.builder()
			.requestId(RequestIds.next())
			.serviceName(service)
			.methodName("Method" + method)
			.fullMethod(service + "/Method" + method)
			.methodType("UNARY")
			.requestSize(40)
			.responseSize(80)
			.requestCount(1)
			.responseCount(1)
			.outcome(ok ? CallOutcome.SUCCESS : CallOutcome.ERROR)
			.grpcStatusCode(ok ? "OK" : "NOT_FOUND")
			.errorMessage(ok ? null : "Not found")
			.durationMs(duration)
			.userId(String.valueOf(1 + random.nextInt(100)))
			.username("user" + random.nextInt(100))
			.authenticated(true)
			.clientIp("127.0.0.1")
			.userAgent("grpc-java-netty/1.84.1")
			// As tracing (on by default) gives every call: random ids, the costliest to index.
			.traceId(hex(random, 32))
			.spanId(hex(random, 16))
			.instanceId("01a21000-0000-7000-8000-000000000001")
			.peer("/127.0.0.1:40000")
			.createdAt(created)
			.completedAt(created.plus(Duration.ofMillis(duration)))
			.build();
	}

}
