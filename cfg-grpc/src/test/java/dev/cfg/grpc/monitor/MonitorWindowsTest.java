package dev.cfg.grpc.monitor;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.cfg.grpc.auth.TokenIssuer;
import dev.cfg.grpc.log.MadeUpRows;
import dev.cfg.grpc.log.RequestLogRecord;
import dev.cfg.grpc.log.RequestLogWriter;
import dev.cfg.grpc.pipeline.CallOutcome;
import dev.cfg.grpc.pipeline.RequestIds;
import dev.cfg.grpc.testapp.RunningServer;
import dev.cfg.grpc.users.UserStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Windows over several hours are added up from whole hours and the minutes around them, and
 * count exactly the calls of the whole minutes they touch.
 */
class MonitorWindowsTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String SERVICE = "windows.Test";

	/** Six hours ago, on the hour. */
	private static final Instant BASE = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(6));

	private static final List<Instant> CALLS = new ArrayList<>();

	static RunningServer server;

	static String staffToken;

	@BeforeAll
	static void start() throws Exception {
		server = RunningServer.startWithHttp();
		long admin = server.context().getBean(UserStore.class).createUser("admin", "", "pw", true, true).getId();
		staffToken = server.context().getBean(TokenIssuer.class).accessToken(String.valueOf(admin), Duration.ofMinutes(10));
		RequestLogWriter writer = server.context().getBean(RequestLogWriter.class);
		// Calls on either side of hour and minute boundaries.
		int[][] minutesAndCounts = { { 10, 3 }, { 90, 5 }, { 120, 7 }, { 121, 2 }, { 299, 11 }, { 300, 13 } };
		for (int[] each : minutesAndCounts) {
			for (int i = 0; i < each[1]; i++) {
				Instant created = BASE.plus(Duration.ofMinutes(each[0])).plusSeconds(i % 50);
				CALLS.add(created);
				MadeUpRows.offer(writer, RequestLogRecord.builder()
					.requestId(RequestIds.next())
					.serviceName(SERVICE)
					.methodName("Call")
					.fullMethod(SERVICE + "/Call")
					.methodType("UNARY")
					.requestSize(1)
					.responseSize(1)
					.requestCount(1)
					.responseCount(1)
					.outcome(CallOutcome.SUCCESS)
					.grpcStatusCode("OK")
					.durationMs(4)
					.clientIp("127.0.0.1")
					.userAgent("test")
					.peer("/127.0.0.1:1")
					.createdAt(created)
					.completedAt(created.plusMillis(4))
					.build());
			}
		}
		assertThat(writer.awaitDrained(10_000)).isTrue();
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void everyWindowCountsTheCallsOfTheWholeMinutesItTouches() throws Exception {
		List<Duration[]> windows = List.of(window(0, 360), window(5, 301), window(91, 299), window(90, 300),
				window(119, 122), window(10, 11), window(60, 240), window(121, 300));
		for (Duration[] window : windows) {
			Instant from = BASE.plus(window[0]).plusSeconds(30);
			Instant to = BASE.plus(window[1]).plusSeconds(30);
			long expected = CALLS.stream()
				.filter((call) -> !call.isBefore(from.truncatedTo(ChronoUnit.MINUTES))
						&& call.isBefore(to.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1))))
				.count();
			String range = "from=" + from + "&to=" + to;
			Map<String, Object> methods = json("/cfg/grpc/monitor/methods/?service=" + SERVICE + "&" + range);
			long total = ((List<?>) methods.get("methods")).stream()
				.mapToLong((method) -> ((Number) ((Map<?, ?>) method).get("total")).longValue())
				.sum();
			assertThat(total).as("methods over %s", range).isEqualTo(expected);
			for (String interval : List.of("minute", "hour", "day")) {
				Map<String, Object> timeline = json("/cfg/grpc/monitor/timeline/?interval=" + interval + "&" + range);
				long counted = ((List<?>) timeline.get("timeline")).stream()
					.mapToLong((point) -> ((Number) ((Map<?, ?>) point).get("count")).longValue())
					.sum();
				assertThat(counted).as("%s timeline over %s", interval, range).isEqualTo(expected);
			}
		}
	}

	private static Duration[] window(int fromMinute, int toMinute) {
		return new Duration[] { Duration.ofMinutes(fromMinute), Duration.ofMinutes(toMinute) };
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> json(String path) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
				.header("Authorization", "Bearer " + staffToken)
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readValue(response.body(), Map.class);
	}

}
