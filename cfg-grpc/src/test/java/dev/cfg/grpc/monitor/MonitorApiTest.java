package dev.cfg.grpc.monitor;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.google.common.util.concurrent.ListenableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.json.JsonMapper;

import dev.cfg.grpc.auth.TokenIssuer;
import dev.cfg.grpc.log.RequestLogWriter;
import dev.cfg.grpc.test.echo.EchoReply;
import dev.cfg.grpc.test.echo.EchoRequest;
import dev.cfg.grpc.test.echo.EchoServiceGrpc;
import dev.cfg.grpc.testapp.Calls;
import dev.cfg.grpc.testapp.RunningServer;
import dev.cfg.grpc.users.UserStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The monitoring API over a real port: shapes, parameters, and staff-only access. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitorApiTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	static RunningServer server;

	static String staffToken;

	static String userToken;

	@BeforeAll
	static void start() throws Exception {
		server = RunningServer.startWithHttp();
		UserStore users = server.context().getBean(UserStore.class);
		TokenIssuer issuer = server.context().getBean(TokenIssuer.class);
		long admin = users.createUser("admin", "", "admin-password", true, true).getId();
		long plain = users.createUser("plain", "", "pw", false, false).getId();
		staffToken = issuer.accessToken(String.valueOf(admin), Duration.ofMinutes(10));
		userToken = issuer.accessToken(String.valueOf(plain), Duration.ofMinutes(10));
		var echo = Calls.echo(server.channel());
		for (int i = 0; i < 5; i++) {
			echo.echo(Calls.request("ok " + i));
		}
		catchThrowable(() -> echo.echo(Calls.request("bad-argument")));
		echo.echoStream(Calls.request("s")).forEachRemaining((reply) -> {
		});
		// Each call was queued before its client had the answer: store what is queued.
		assertThat(server.context().getBean(RequestLogWriter.class).awaitDrained(60_000)).isTrue();
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void overviewCountsEveryKindOfCallWithPercentiles() throws Exception {
		Map<String, Object> overview = json(get("/cfg/grpc/monitor/overview/", staffToken));
		assertThat(overview).containsEntry("total", 7).containsEntry("successful", 6).containsEntry("errors", 1)
			.containsEntry("cancelled", 0).containsEntry("timeout", 0).containsEntry("period_hours", 24)
			.containsKeys("success_rate", "avg_duration_ms", "p50_duration_ms", "p95_duration_ms", "p99_duration_ms");
		assertThat((Double) overview.get("success_rate")).isEqualTo(85.71);
	}

	@Test
	void requestsArePagedNewestFirstAndFiltered() throws Exception {
		Map<String, Object> page = json(get("/cfg/grpc/monitor/requests/?count=2", staffToken));
		assertThat(page).containsEntry("count", 2).containsEntry("total_available", 7).containsEntry("offset", 0)
			.containsEntry("has_more", true);
		Map<String, Object> errors = json(get("/cfg/grpc/monitor/requests/?status=error", staffToken));
		List<?> requests = (List<?>) errors.get("requests");
		assertThat(requests).hasSize(1);
		assertThat(asMap(requests.get(0))).containsEntry("grpc_status_code", "INVALID_ARGUMENT")
			.containsEntry("method_name", "Echo")
			.containsKeys("request_id", "service_name", "full_method", "is_authenticated", "duration_ms", "created_at",
					"completed_at", "error_message", "user__username");
	}

	@Test
	void servicesMethodsAndTimelineAddUp() throws Exception {
		Map<String, Object> services = json(get("/cfg/grpc/monitor/services/?hours=1", staffToken));
		Map<String, Object> echo = asMap(((List<?>) services.get("services")).get(0));
		assertThat(echo).containsEntry("service_name", "cfg.test.EchoService").containsEntry("total", 7)
			.containsKeys("p50_duration_ms", "p95_duration_ms", "p99_duration_ms", "last_activity_at");
		Map<String, Object> methods = json(get("/cfg/grpc/monitor/methods/?service=cfg.test.EchoService", staffToken));
		assertThat(methods).containsEntry("total_methods", 2);
		assertThat(asMap(((List<?>) methods.get("methods")).get(0))).containsOnlyKeys("method_name", "service_name",
				"total", "successful", "errors", "avg_duration_ms", "p50_duration_ms", "p95_duration_ms",
				"p99_duration_ms", "last_activity_at");
		Map<String, Object> timeline = json(get("/cfg/grpc/monitor/timeline/?interval=minute", staffToken));
		assertThat(timeline).containsEntry("interval", "minute");
		long counted = ((List<?>) timeline.get("timeline")).stream()
			.mapToLong((point) -> ((Number) ((Map<?, ?>) point).get("count")).longValue())
			.sum();
		assertThat(counted).isEqualTo(7);
		// The default 24 hours by minute: every minute, the quiet ones as zeros.
		assertThat((List<?>) timeline.get("timeline")).hasSizeBetween(1440, 1441)
			.anySatisfy((point) -> assertThat(asMap(point)).containsEntry("count", 0)
				.containsEntry("p50_duration_ms", null));
		assertThat(get("/cfg/grpc/monitor/timeline/?interval=minute&hours=168", staffToken).statusCode()).isEqualTo(200);
		assertThat(get("/cfg/grpc/monitor/timeline/?interval=minute&from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z",
				staffToken).statusCode()).isEqualTo(400);
	}

	@Test
	void oneCallIsReadWithEverythingStoredOfIt() throws Exception {
		Map<String, Object> page = json(get("/cfg/grpc/monitor/requests/?count=1", staffToken));
		String id = (String) asMap(((List<?>) page.get("requests")).get(0)).get("request_id");
		Map<String, Object> call = json(get("/cfg/grpc/monitor/requests/" + id + "/", staffToken));
		assertThat(call).containsEntry("request_id", id)
			.containsKeys("full_method", "method_type", "request_data", "response_data", "error_details", "user_agent",
					"protocol", "instance_id", "trace_id", "span_id", "parent_request_id");
		assertThat((String) call.get("trace_id")).matches("[0-9a-f]{32}");
		HttpResponse<String> unknown = get("/cfg/grpc/monitor/requests/00000000-0000-7000-8000-000000000000/", staffToken);
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.body()).contains("No call with this request id");
	}

	@Test
	@Order(Integer.MAX_VALUE)
	void activeListsCallsInFlight() throws Exception {
		ListenableFuture<EchoReply> slow = EchoServiceGrpc.newFutureStub(server.channel())
			.echo(EchoRequest.newBuilder().setText("slow").setDelayMs(1000).build());
		Map<String, Object> active = org.awaitility.Awaitility.await()
			.atMost(Duration.ofMinutes(1))
			.until(() -> json(get("/cfg/grpc/monitor/active/", staffToken)),
					(listed) -> listed.get("active").toString().contains("cfg.test.EchoService/Echo"));
		assertThat(active.get("active").toString()).contains("cfg.test.EchoService/Echo");
		assertThat(active).containsEntry("scope", "local")
			.containsEntry("instance_id", server.context().getBean(dev.cfg.grpc.pipeline.ServerInstance.class).id());
		slow.get();
	}

	@Test
	void instancesListsThisInstanceAsRunning() throws Exception {
		String self = server.context().getBean(dev.cfg.grpc.pipeline.ServerInstance.class).id();
		Map<String, Object> fleet = json(get("/cfg/grpc/monitor/instances/", staffToken));
		assertThat(fleet).containsEntry("this_instance", self).containsEntry("tracked", true);
		assertThat((List<?>) fleet.get("instances")).anySatisfy((row) -> assertThat(asMap(row)).containsEntry("id", self)
			.containsEntry("state", "running")
			.containsEntry("this_instance", true)
			.containsEntry("grpc_port", server.port())
			.containsKeys("host", "pid", "heartbeat_at", "started_at"));
		assertThat(get("/cfg/grpc/monitor/instances/", null).statusCode()).isEqualTo(401);
	}

	@Test
	void badParametersGet400WithAMessage() throws Exception {
		HttpResponse<String> hours = get("/cfg/grpc/monitor/overview/?hours=abc", staffToken);
		assertThat(hours.statusCode()).isEqualTo(400);
		assertThat(hours.body()).contains("hours must be an integer");
		assertThat(get("/cfg/grpc/monitor/requests/?status=bogus", staffToken).statusCode()).isEqualTo(400);
		assertThat(get("/cfg/grpc/monitor/requests/?offset=-1", staffToken).statusCode()).isEqualTo(400);
		assertThat(get("/cfg/grpc/monitor/timeline/?interval=week", staffToken).statusCode()).isEqualTo(400);
		assertThat(get("/cfg/grpc/monitor/overview/?from=yesterday", staffToken).statusCode()).isEqualTo(400);
		for (String endpoint : List.of("overview", "services", "methods", "timeline")) {
			for (String range : List.of("from=-1000000000-01-01T00:00:00Z&to=-1000000000-06-01T00:00:00Z",
					"from=%2B1000000000-01-01T00:00:00Z&to=%2B1000000000-06-01T00:00:00Z",
					"from=1969-12-31T00:00:00Z&to=1970-01-02T00:00:00Z")) {
				HttpResponse<String> dates = get("/cfg/grpc/monitor/" + endpoint + "/?" + range, staffToken);
				assertThat(dates.statusCode()).as(endpoint + " " + range).isEqualTo(400);
				assertThat(dates.body()).as(endpoint + " " + range).contains("must lie between 1970-01-01T00:00:00Z");
			}
		}
		// Out of range numbers are clamped, as in the original.
		assertThat(json(get("/cfg/grpc/monitor/overview/?hours=100000", staffToken))).containsEntry("period_hours", 168);
	}

	@Test
	void onlyStaffMaySeeIt() throws Exception {
		HttpResponse<String> anonymous = get("/cfg/grpc/monitor/overview/", null);
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.headers().allValues("set-cookie")).as("no session for a refused request").isEmpty();
		assertThat(get("/cfg/grpc/monitor/overview/", "not-a-token").statusCode()).isEqualTo(401);
		assertThat(get("/cfg/grpc/monitor/overview/", userToken).statusCode()).isEqualTo(403);
		assertThat(get("/cfg/grpc/monitor/tail/", null).statusCode()).isEqualTo(401);
		assertThat(get("/cfg/grpc/monitor/tail/", userToken).statusCode()).isEqualTo(403);
		// A signed-in caller gets the real answer of the error page, not a request to sign in.
		assertThat(get("/cfg/grpc/monitor/no-such-endpoint/", staffToken).statusCode()).isEqualTo(404);
		assertThat(get("/actuator/env", staffToken).statusCode()).isEqualTo(404);
		assertThat(get("/actuator/env", userToken).statusCode()).isEqualTo(403);
		HttpResponse<String> basic = HTTP.send(HttpRequest.newBuilder(uri("/cfg/grpc/monitor/health/"))
			.header("Authorization", "Basic "
					+ Base64.getEncoder().encodeToString("admin:admin-password".getBytes(StandardCharsets.UTF_8)))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(basic.statusCode()).isEqualTo(200);
		assertThat(basic.body()).contains("\"status\":\"healthy\"");
	}

	@Test
	@SuppressWarnings("unchecked")
	void anOpenApiDocumentForStaffDescribesEveryEndpointWithItsFieldNames() throws Exception {
		assertThat(get("/v3/api-docs/cfg-grpc-monitor", null).statusCode()).isEqualTo(401);
		assertThat(get("/v3/api-docs/cfg-grpc-monitor", userToken).statusCode()).isEqualTo(403);
		Map<String, Object> document = json(get("/v3/api-docs/cfg-grpc-monitor", staffToken));
		Map<String, Object> paths = (Map<String, Object>) document.get("paths");
		assertThat(paths).containsOnlyKeys("/cfg/grpc/monitor/health/", "/cfg/grpc/monitor/overview/",
				"/cfg/grpc/monitor/requests/", "/cfg/grpc/monitor/requests/{requestId}/", "/cfg/grpc/monitor/services/",
				"/cfg/grpc/monitor/methods/", "/cfg/grpc/monitor/timeline/", "/cfg/grpc/monitor/active/",
				"/cfg/grpc/monitor/instances/", "/cfg/grpc/monitor/tail/");
		Map<String, Object> tail = (Map<String, Object>) ((Map<String, Object>) paths.get("/cfg/grpc/monitor/tail/")).get("get");
		assertThat(tail.get("parameters").toString()).contains("service", "method", "status", "user");
		assertThat(((Map<String, Object>) tail.get("responses"))).containsKeys("200", "401", "403");
		Map<String, Object> components = (Map<String, Object>) document.get("components");
		Map<String, Object> schemas = (Map<String, Object>) components.get("schemas");
		assertThat(((Map<String, Object>) schemas.get("RequestPage")).get("properties").toString())
			.contains("total_available", "has_more")
			.doesNotContain("totalAvailable");
		assertThat(((Map<String, Object>) schemas.get("Request")).get("properties").toString())
			.contains("user__username", "grpc_status_code", "client_ip");
		assertThat(((Map<String, Object>) schemas.get("MethodStats")).get("properties").toString())
			.contains("method_name", "service_name", "total", "p95_duration_ms", "last_activity_at")
			.doesNotContain("stats");
		assertThat((Map<String, Object>) components.get("securitySchemes")).containsKeys("bearer", "basic");
		Map<String, Object> requests = (Map<String, Object>) ((Map<String, Object>) paths.get("/cfg/grpc/monitor/requests/")).get("get");
		assertThat(requests.get("parameters").toString()).contains("count", "offset", "service", "method", "status");
		assertThat(((Map<String, Object>) requests.get("responses"))).containsKeys("200", "400", "401", "403");
	}

	private static HttpResponse<String> get(String path, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> json(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readValue(response.body(), Map.class);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> asMap(Object json) {
		return (Map<String, Object>) json;
	}

	private static URI uri(String path) {
		return URI.create("http://127.0.0.1:" + server.httpPort() + path);
	}

}
