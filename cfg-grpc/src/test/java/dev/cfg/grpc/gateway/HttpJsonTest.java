package dev.cfg.grpc.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.cfg.grpc.testapp.RunningServer;
import dev.cfg.grpc.testapp.Tokens;
import dev.cfg.grpc.users.ApiKeyStore;
import dev.cfg.grpc.users.UserStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP/JSON routes from the test protos' {@code google.api.http} rules, over a real port: path
 * variables, query parameters, a body of the whole request or of one field, a server stream as
 * newline-delimited JSON, errors as {@code google.rpc.Status} JSON with their details, the same
 * credentials and guards as gRPC, and a log row for each call with its protocol.
 */
class HttpJsonTest {

	private static RunningServer server;

	private static final HttpClient http = HttpClient.newHttpClient();

	private static String token;

	private static String key;

	@BeforeAll
	static void start() {
		server = RunningServer.startWithHttp();
		UserStore users = server.context().getBean(UserStore.class);
		long id = users.createUser("rest-bob", "", "rest-bob-password", false, false).getId();
		token = Tokens.simplejwt(id, "access", 300);
		key = server.context().getBean(ApiKeyStore.class).create("rest-bob", "rest", null).rawKey();
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void aPathVariableAndQueryParametersFillTheRequest() throws Exception {
		HttpResponse<String> echoed = send("GET", "/v1/echo/hello%20there?reply_padding=2", null);
		assertThat(echoed.statusCode()).isEqualTo(200);
		assertThat(echoed.headers().firstValue("content-type")).hasValue("application/json");
		assertThat(echoed.body()).isEqualTo("{\"text\":\"hello there\",\"padding\":\"AAA=\"}");
		String requestId = echoed.headers().firstValue("x-request-id").orElseThrow();
		assertThat(server.awaitLogRows("request_id = ?", requestId)).singleElement().satisfies((row) -> {
			assertThat(row.get("PROTOCOL")).isEqualTo("http-json");
			assertThat(row.get("FULL_METHOD")).isEqualTo("cfg.test.EchoService/Echo");
			assertThat(row.get("CLIENT_IP")).isEqualTo("127.0.0.1");
		});
	}

	@Test
	void aBodyOfTheWholeRequestOrOfOneField() throws Exception {
		HttpResponse<String> posted = send("POST", "/v1/echo", "{\"text\":\"posted\"}");
		assertThat(posted.statusCode()).isEqualTo(200);
		assertThat(posted.body()).isEqualTo("{\"text\":\"posted\"}");
		// WriteWithJdbc takes its text as the body: a read-only service refuses the write, as over gRPC.
		HttpResponse<String> refused = send("POST", "/v1/notes", "\"a note\"");
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).isEqualTo("{\"code\":9,\"message\":\"Read-only service\"}");
	}

	@Test
	void aServerStreamIsNewlineDelimitedJson() throws Exception {
		HttpResponse<String> streamed = send("GET", "/v1/echo-stream/n", null);
		assertThat(streamed.statusCode()).isEqualTo(200);
		assertThat(streamed.headers().firstValue("content-type")).hasValue("application/x-ndjson");
		assertThat(streamed.body()).isEqualTo("{\"text\":\"n0\"}\n{\"text\":\"n1\"}\n{\"text\":\"n2\"}\n");
	}

	@Test
	void theCallerSignsInWithEitherHeader() throws Exception {
		assertThat(send("GET", "/v1/whoami", null, "authorization", "Bearer " + token).body()).contains("rest-bob");
		assertThat(send("GET", "/v1/whoami", null, "x-api-key", key).body()).contains("rest-bob");
	}

	@Test
	void aValidationFailureIsAGoogleRpcStatusWithItsDetails() throws Exception {
		HttpResponse<String> invalid = send("POST", "/v1/desk/orders", "{\"email\":\"not-an-email\",\"customer\":\"c\"}");
		assertThat(invalid.statusCode()).isEqualTo(400);
		assertThat(invalid.body()).startsWith("{\"code\":3,\"message\":\"Invalid request: ")
			.contains("\"@type\":\"type.googleapis.com/google.rpc.BadRequest\"", "\"field\":\"email\"");
	}

	@Test
	void badInputGetsAClearStatusAndALogRow() throws Exception {
		HttpResponse<String> unknown = send("GET", "/v1/echo/x?colour=red", null);
		assertThat(unknown.statusCode()).isEqualTo(400);
		assertThat(unknown.body()).isEqualTo("{\"code\":3,\"message\":\"Unreadable request: cfg.test.EchoRequest has no field colour\"}");
		assertThat(server.awaitLogRows("request_id = ?", unknown.headers().firstValue("x-request-id").orElseThrow()))
			.singleElement()
			.satisfies((row) -> assertThat(row.get("GRPC_STATUS_CODE")).isEqualTo("INVALID_ARGUMENT"));

		HttpResponse<String> notANumber = send("GET", "/v1/echo/x?delay_ms=soon", null);
		assertThat(notANumber.statusCode()).isEqualTo(400);
		assertThat(notANumber.body()).contains("the query parameter delay_ms is not what cfg.test.EchoRequest takes");

		HttpResponse<String> malformed = send("POST", "/v1/echo", "{\"text\": ");
		assertThat(malformed.statusCode()).isEqualTo(400);
		assertThat(malformed.body()).startsWith("{\"code\":3,\"message\":\"Unreadable request: ");

		// An application's controller under /v1 is the application's: here its web security answers.
		HttpResponse<String> own = send("GET", "/v1/own", null);
		assertThat(own.statusCode()).isEqualTo(401);
		assertThat(own.body()).doesNotContain("No route");
		HttpResponse<String> noRoute = send("GET", "/v1/nowhere", null);
		assertThat(noRoute.statusCode()).isEqualTo(404);
		assertThat(noRoute.body()).isEqualTo("{\"code\":5,\"message\":\"No route for GET /v1/nowhere\"}");
		assertThat(server.awaitLogRows("request_id = ?", noRoute.headers().firstValue("x-request-id").orElseThrow()))
			.singleElement()
			.satisfies((row) -> {
				assertThat(row.get("FULL_METHOD")).isEqualTo("(http)/(no route)");
				assertThat(row.get("PROTOCOL")).isEqualTo("http-json");
				assertThat(row.get("ERROR_MESSAGE")).isEqualTo("No route for GET /v1/nowhere");
			});
		assertThat(send("DELETE", "/v1/echo", null).statusCode()).isEqualTo(404);
	}

	@Test
	void theRoutesAreDescribedAsOpenApi() throws Exception {
		HttpResponse<String> described = send("GET", "/cfg/grpc/openapi.json", null);
		assertThat(described.statusCode()).isEqualTo(200);
		JsonNode document = JsonMapper.builder().build().readTree(described.body());
		assertThat(document.path("openapi").asString()).isEqualTo("3.0.3");
		JsonNode echo = document.path("paths").path("/v1/echo/{text}").path("get");
		assertThat(echo.path("operationId").asString()).isEqualTo("EchoService_Echo_2");
		assertThat(echo.path("parameters").toString()).contains("\"name\":\"text\",\"in\":\"path\"",
				"\"name\":\"reply_padding\",\"in\":\"query\"");
		assertThat(document.path("paths").path("/v1/echo").path("post").path("requestBody").toString())
			.contains("#/components/schemas/cfg.test.EchoRequest");
		assertThat(document.path("paths").path("/v1/echo-stream/{text}").path("get").path("responses").path("200")
			.path("content")
			.has("application/x-ndjson")).isTrue();
		assertThat(document.path("components").path("schemas").path("cfg.test.EchoReply").path("properties").path("padding")
			.toString()).isEqualTo("{\"type\":\"string\",\"format\":\"byte\"}");
		assertThat(document.path("components").path("schemas").has("google.rpc.Status")).isTrue();
	}

	private static HttpResponse<String> send(String method, String path, String body, String... headers)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("content-type", "application/json");
		}
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
