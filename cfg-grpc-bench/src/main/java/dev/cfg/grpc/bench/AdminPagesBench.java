package dev.cfg.grpc.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.cfg.grpc.log.RequestFilter;
import dev.cfg.grpc.log.RequestLog;
import dev.cfg.grpc.log.RequestPage;
import dev.cfg.grpc.pipeline.CallOutcome;

/**
 * The admin's pages over the storage mode's table: answer times (p50, p95) of the dashboard, the
 * request list (unfiltered, filtered by service and status, a search by request id, page 50 of a
 * filter) and a call's detail, signed in through the admin's form as a staff user; then the CSV
 * export of 10,000 and of 100,000 rows with the old generation's peak heap during each.
 */
final class AdminPagesBench {

	static final String PASSWORD = "bench-password";

	private final ConfigurableApplicationContext context;

	private final int port;

	private final int repeats;

	private final String staffName;

	AdminPagesBench(ConfigurableApplicationContext context, int port, int repeats, String staffName) {
		this.context = context;
		this.port = port;
		this.repeats = repeats;
		this.staffName = staffName;
	}

	void run(String name, long stored) throws Exception {
		HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
		signIn(http);
		JdbcTemplate jdbc = this.context.getBean(JdbcTemplate.class);
		RequestLog log = this.context.getBean(RequestLog.class);
		String someId = jdbc.queryForObject("SELECT request_id FROM cfg_grpc_request_log ORDER BY id "
				+ "OFFSET " + (stored / 2) + " ROWS FETCH NEXT 1 ROWS ONLY", String.class);
		RequestFilter filter = RequestFilter.builder().service("bench.Service1").outcome(CallOutcome.ERROR).build();
		RequestPage.Cursor cursor = null;
		for (int page = 1; page < 50; page++) {
			cursor = log.find(filter, 50, cursor).next();
		}
		Map<String, String> pages = new LinkedHashMap<>();
		pages.put("dashboard 24h", "/admin/");
		pages.put("dashboard 7d", "/admin/?period=7d");
		pages.put("requests", "/admin/requests");
		pages.put("requests service+status", "/admin/requests?service=bench.Service1&status=error");
		pages.put("requests q=<request id>", "/admin/requests?q=" + someId);
		pages.put("requests page 50 of a filter", "/admin/requests?service=bench.Service1&status=error&after="
				+ ((cursor != null) ? cursor.token() : ""));
		pages.put("request detail", "/admin/requests/" + someId);
		for (Map.Entry<String, String> page : pages.entrySet()) {
			StorageBench.Timed timed = StorageBench.Timed.answers(http, get(page.getValue()), this.repeats);
			System.out.printf("%s admin   %-36s HTTP %d  p50 %5d ms  p95 %5d ms  (over %d rows)%n", name, page.getKey(),
					timed.status(), timed.p50(), timed.p95(), stored);
		}
		Instant first = jdbc.queryForObject("SELECT MIN(created_at) FROM cfg_grpc_request_log", java.sql.Timestamp.class)
			.toInstant();
		Instant last = jdbc.queryForObject("SELECT MAX(created_at) FROM cfg_grpc_request_log", java.sql.Timestamp.class)
			.toInstant();
		long span = Duration.between(first, last).toMillis();
		for (int rows : List.of(10_000, 100_000)) {
			Instant to = first.plusMillis(span * rows / stored);
			String query = "/admin/requests.csv?from=" + first + "&to=" + to;
			csv(name, http, query);
		}
	}

	private void csv(String name, HttpClient http, String query) throws Exception {
		System.gc();
		List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter((pool) -> pool.getType() == MemoryType.HEAP && pool.isUsageThresholdSupported())
			.toList();
		heap.forEach(MemoryPoolMXBean::resetPeakUsage);
		long before = heap.stream().mapToLong((pool) -> pool.getUsage().getUsed()).sum();
		long begin = System.nanoTime();
		HttpResponse<java.util.stream.Stream<String>> response = http.send(get(query),
				HttpResponse.BodyHandlers.ofLines());
		long lines;
		try (var body = response.body()) {
			lines = body.count() - 1;
		}
		long millis = (System.nanoTime() - begin) / 1_000_000;
		long peak = heap.stream().mapToLong((pool) -> pool.getPeakUsage().getUsed()).sum();
		System.out.printf("%s admin   csv %,8d rows  HTTP %d  %6d ms  old generation %d MB before, peak %d MB%n", name, lines,
				response.statusCode(), millis, before / 1_048_576, peak / 1_048_576);
	}

	private void signIn(HttpClient http) throws Exception {
		String page = http.send(get("/admin/login"), HttpResponse.BodyHandlers.ofString()).body();
		Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
		if (!token.find()) {
			throw new IllegalStateException("The admin's sign-in form has no CSRF token");
		}
		String form = "username=" + URLEncoder.encode(this.staffName, StandardCharsets.UTF_8) + "&password=" + PASSWORD
				+ "&_csrf=" + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
		HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(uri("/admin/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
		if (signedIn.statusCode() != 302 || !signedIn.headers().firstValue("Location").orElse("").endsWith("/admin/")) {
			throw new IllegalStateException("Could not sign in to the admin: HTTP " + signedIn.statusCode());
		}
	}

	private HttpRequest get(String path) {
		return HttpRequest.newBuilder(uri(path)).build();
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
