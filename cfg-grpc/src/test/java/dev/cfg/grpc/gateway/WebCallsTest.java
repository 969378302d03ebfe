package dev.cfg.grpc.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.cfg.grpc.test.echo.EchoReply;
import dev.cfg.grpc.test.echo.EchoRequest;
import dev.cfg.grpc.testapp.RunningServer;
import dev.cfg.grpc.testapp.Tokens;
import dev.cfg.grpc.users.ApiKeyStore;
import dev.cfg.grpc.users.UserStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * gRPC-Web and Connect on the HTTP port, over a real port with an HTTP client: each call reaches
 * the same services through the same pipeline (auth, guards, error mapping), answers in the
 * protocol's form, and is a request log row with its protocol and the HTTP client's address. Bodies
 * the entry point cannot read are refused with a clear status, and logged too.
 */
class WebCallsTest {

	private static final String ECHO = "/cfg.test.EchoService/Echo";

	private static RunningServer server;

	private static final HttpClient http = HttpClient.newHttpClient();

	private static String aliceToken;

	private static String aliceKey;

	@BeforeAll
	static void start() {
		server = RunningServer.startWithHttp("cfg.grpc.web.allowed-origins=http://pages.example",
				"cfg.grpc.server.max-receive-message-length=64KB");
		UserStore users = server.context().getBean(UserStore.class);
		long id = users.createUser("web-alice", "", "web-alice-password", false, false).getId();
		aliceToken = Tokens.simplejwt(id, "access", 300);
		aliceKey = server.context().getBean(ApiKeyStore.class).create("web-alice", "web", null).rawKey();
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void grpcWebBinaryAnswersInFramesWithTrailersAndIsLoggedAsGrpcWeb() throws Exception {
		HttpResponse<byte[]> response = post(ECHO, "application/grpc-web+proto",
				frame(0, EchoRequest.newBuilder().setText("from a browser").build().toByteArray()));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValue("application/grpc-web+proto");
		List<byte[]> frames = frames(response.body());
		assertThat(EchoReply.parseFrom(frames.get(0)).getText()).isEqualTo("from a browser");
		Map<String, String> trailers = trailers(frames.get(1));
		assertThat(trailers).containsEntry("grpc-status", "0").containsKey("x-request-id");
		assertThat(response.headers().firstValue("x-request-id")).hasValue(trailers.get("x-request-id"));
		assertThat(server.awaitLogRows("request_id = ?", trailers.get("x-request-id"))).singleElement()
			.satisfies((row) -> {
				assertThat(row.get("PROTOCOL")).isEqualTo("grpc-web");
				assertThat(row.get("CLIENT_IP")).isEqualTo("127.0.0.1");
				assertThat((String) row.get("USER_AGENT")).as("the HTTP client's").startsWith("Java-http-client");
				assertThat(row.get("FULL_METHOD")).isEqualTo("cfg.test.EchoService/Echo");
				assertThat(row.get("GRPC_STATUS_CODE")).isEqualTo("OK");
			});
	}

	@Test
	void aWebCallIsObservedByTheGrpcPipelineAndNotAgainAsAnHttpRequest() throws Exception {
		MeterRegistry meters = server.context().getBean(MeterRegistry.class);
		long httpBefore = httpRequestsObserved(meters);
		long grpcBefore = grpcCallsObserved(meters);
		HttpResponse<byte[]> call = post(ECHO, "application/grpc-web+proto",
				frame(0, EchoRequest.newBuilder().setText("observed once").build().toByteArray()));
		assertThat(trailers(frames(call.body()).get(1))).containsEntry("grpc-status", "0");
		// A page of the application's, after the call: observed as an HTTP request, as before.
		assertThat(http.send(HttpRequest.newBuilder(uri("/cfg/grpc/schema.binpb")).build(),
				HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
		Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(httpRequestsObserved(meters)).as("the page's request alone").isEqualTo(httpBefore + 1);
			assertThat(grpcCallsObserved(meters)).as("the call").isEqualTo(grpcBefore + 1);
		});
	}

	private static long httpRequestsObserved(MeterRegistry meters) {
		return meters.find("http.server.requests").timers().stream().mapToLong(Timer::count).sum();
	}

	private static long grpcCallsObserved(MeterRegistry meters) {
		return meters.find("grpc.server.call.duration")
			.tag("grpc.method", "cfg.test.EchoService/Echo")
			.timers()
			.stream()
			.mapToLong(Timer::count)
			.sum();
	}

	@Test
	void grpcWebTextStreamsEachMessageInBase64() throws Exception {
		byte[] request = Base64.getEncoder()
			.encode(frame(0, EchoRequest.newBuilder().setText("t").build().toByteArray()));
		HttpResponse<byte[]> response = post("/cfg.test.EchoService/EchoStream", "application/grpc-web-text", request);
		assertThat(response.statusCode()).isEqualTo(200);
		List<byte[]> frames = frames(Frames.decodeBase64(response.body()));
		assertThat(frames).hasSize(4);
		assertThat(EchoReply.parseFrom(frames.get(2)).getText()).isEqualTo("t2");
		assertThat(trailers(frames.get(3))).containsEntry("grpc-status", "0");
	}

	@Test
	void connectJsonUnaryAnswersJsonAndSignsInByEitherHeader() throws Exception {
		HttpResponse<String> echoed = postJson(ECHO, "{\"text\":\"json\"}");
		assertThat(echoed.statusCode()).isEqualTo(200);
		assertThat(echoed.body()).isEqualTo("{\"text\":\"json\"}");
		assertThat(echoed.headers().firstValue("content-type")).hasValue("application/json");

		HttpResponse<String> anonymous = postJson("/cfg.test.PrivateService/Secret", "{}");
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.body()).isEqualTo("{\"code\":\"unauthenticated\",\"message\":\"Authentication required\"}");

		HttpResponse<String> bearer = postJson("/cfg.test.CallerService/WhoAmI", "{}", "authorization",
				"Bearer " + aliceToken);
		assertThat(bearer.statusCode()).isEqualTo(200);
		assertThat(bearer.body()).contains("web-alice");
		HttpResponse<String> key = postJson("/cfg.test.CallerService/WhoAmI", "{}", "x-api-key", aliceKey);
		assertThat(key.body()).contains("web-alice");
		String requestId = key.headers().firstValue("x-request-id").orElseThrow();
		assertThat(server.awaitLogRows("request_id = ?", requestId)).singleElement().satisfies((row) -> {
			assertThat(row.get("PROTOCOL")).isEqualTo("connect");
			assertThat(row.get("USERNAME")).isEqualTo("web-alice");
		});
	}

	@Test
	void connectServerStreamingSendsEnvelopesAndAnEndOfStream() throws Exception {
		HttpResponse<byte[]> response = post("/cfg.test.EchoService/EchoStream", "application/connect+json",
				frame(0, "{\"text\":\"s\"}".getBytes(StandardCharsets.UTF_8)));
		assertThat(response.statusCode()).isEqualTo(200);
		List<Integer> flags = new ArrayList<>();
		List<byte[]> frames = frames(response.body(), flags);
		assertThat(frames).hasSize(4);
		assertThat(new String(frames.get(0), StandardCharsets.UTF_8)).isEqualTo("{\"text\":\"s0\"}");
		assertThat(flags.get(3)).isEqualTo(Frames.CONNECT_END_STREAM);
		assertThat(new String(frames.get(3), StandardCharsets.UTF_8)).startsWith("{\"metadata\":{")
			.contains("x-request-id")
			.doesNotContain("error");
	}

	@Test
	void aReadOnlyServiceRefusesAWriteOverHttpToo() throws Exception {
		HttpResponse<String> refused = postJson("/cfg.test.NotesService/WriteWithJdbc", "{\"text\":\"w\"}");
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("\"code\":\"failed_precondition\"", "Read-only service");
	}

	@Test
	void unreadableBodiesAreRefusedAndLogged() throws Exception {
		HttpResponse<String> json = postJson(ECHO, "{\"text\": ");
		assertThat(json.statusCode()).isEqualTo(400);
		assertThat(json.body()).startsWith("{\"code\":\"invalid_argument\",\"message\":\"Unreadable request: not a JSON cfg.test.EchoRequest");
		assertLogged(json, "connect", "INVALID_ARGUMENT");

		HttpResponse<String> unknownField = postJson(ECHO, "{\"txet\":\"typo\"}");
		assertThat(unknownField.statusCode()).isEqualTo(400);
		assertThat(unknownField.body()).contains("txet");

		HttpResponse<byte[]> base64 = post(ECHO, "application/grpc-web-text", "not base64!".getBytes());
		Map<String, String> trailers = trailers(frames(Frames.decodeBase64(base64.body())).get(0));
		assertThat(trailers).containsEntry("grpc-status", "3");
		assertThat(trailers.get("grpc-message")).startsWith("Unreadable request: the body is not base64");

		HttpResponse<byte[]> broken = post(ECHO, "application/grpc-web+proto", new byte[] { 0, 0, 0, 9, 1 });
		assertThat(trailers(frames(broken.body()).get(0))).containsEntry("grpc-status", "3");

		HttpResponse<byte[]> large = post(ECHO, "application/grpc-web+proto", frame(0, new byte[70_000]));
		Map<String, String> tooLarge = trailers(frames(large.body()).get(0));
		assertThat(tooLarge).containsEntry("grpc-status", "8");
		assertThat(tooLarge.get("grpc-message")).isEqualTo("Request is larger than the server's limit of 65536 bytes");
		assertThat(server.awaitLogRows("request_id = ?", tooLarge.get("x-request-id"))).singleElement()
			.satisfies((row) -> assertThat(row.get("GRPC_STATUS_CODE")).isEqualTo("RESOURCE_EXHAUSTED"));

		HttpResponse<String> unknown = postJson("/cfg.test.EchoService/Nope", "{}", "connect-protocol-version", "1");
		assertThat(unknown.statusCode()).isEqualTo(501);
		assertThat(unknown.body()).contains("\"code\":\"unimplemented\"");
	}

	@Test
	void otherRequestsPassThrough() throws Exception {
		// JSON to a path that is no method stays the application's (here: nothing there).
		HttpResponse<String> token = http.send(HttpRequest.newBuilder(uri("/cfg/auth/token/"))
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"web-alice\",\"password\":\"web-alice-password\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(token.statusCode()).isEqualTo(200);
		assertThat(token.body()).contains("\"access\"");
	}

	@Test
	void browsersOfListedOriginsMayCallOthersNot() throws Exception {
		HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(uri(ECHO))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", "http://pages.example")
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "content-type,x-grpc-web,authorization")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(preflight.statusCode()).isEqualTo(204);
		assertThat(preflight.headers().firstValue("access-control-allow-origin")).hasValue("http://pages.example");
		assertThat(preflight.headers().firstValue("access-control-allow-headers"))
			.hasValue("content-type,x-grpc-web,authorization");
		HttpResponse<String> routePreflight = http.send(HttpRequest.newBuilder(uri("/v1/echo/x"))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", "http://pages.example")
			.header("Access-Control-Request-Method", "GET")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(routePreflight.statusCode()).isEqualTo(204);
		assertThat(routePreflight.headers().firstValue("access-control-allow-methods").orElseThrow())
			.as("an HTTP/JSON route's method").contains("GET", "PATCH");

		HttpResponse<byte[]> allowed = post(ECHO, "application/grpc-web+proto",
				frame(0, EchoRequest.newBuilder().setText("cors").build().toByteArray()), "Origin", "http://pages.example");
		assertThat(allowed.headers().firstValue("access-control-allow-origin")).hasValue("http://pages.example");
		assertThat(allowed.headers().firstValue("access-control-expose-headers").orElseThrow()).contains("grpc-status",
				"grpc-message", "x-request-id");

		HttpResponse<String> otherPreflight = http.send(HttpRequest.newBuilder(uri(ECHO))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", "http://elsewhere.example")
			.header("Access-Control-Request-Method", "POST")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(otherPreflight.statusCode()).isEqualTo(403);
		assertThat(otherPreflight.headers().firstValue("access-control-allow-origin")).isEmpty();
		HttpResponse<byte[]> other = post(ECHO, "application/grpc-web+proto", frame(0, new byte[0]), "Origin",
				"http://elsewhere.example");
		assertThat(other.statusCode()).isEqualTo(403);
		assertThat(new String(other.body(), StandardCharsets.UTF_8)).contains("cfg.grpc.web.allowed-origins");
	}

	@Test
	void theCompiledProtosAreServedToWhoeverMayUseReflection() throws Exception {
		HttpResponse<byte[]> schema = http.send(HttpRequest.newBuilder(uri("/cfg/grpc/schema.binpb")).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(schema.statusCode()).isEqualTo(200);
		FileDescriptorSet set = FileDescriptorSet.parseFrom(schema.body());
		List<String> names = set.getFileList().stream().map((file) -> file.getName()).toList();
		assertThat(names).contains("echo.proto", "orders.proto", "buf/validate/validate.proto");
		assertThat(names.indexOf("buf/validate/validate.proto")).as("imports come first")
			.isLessThan(names.indexOf("orders.proto"));
		try (RunningServer closed = RunningServer.startWithHttp("spring.grpc.server.reflection.enabled=false")) {
			for (String path : List.of("/cfg/grpc/schema.binpb", "/cfg/grpc/protos.zip", "/cfg/grpc/protos/echo.proto")) {
				HttpResponse<String> refused = HttpClient.newHttpClient()
					.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + closed.httpPort() + path)).build(),
							HttpResponse.BodyHandlers.ofString());
				assertThat(refused.statusCode()).as(path + ": staff only without reflection").isEqualTo(401);
			}
		}
	}

	@Test
	void theProtoSourcesAreServedOneByOneAndAsAZip() throws Exception {
		HttpResponse<String> echo = http.send(HttpRequest.newBuilder(uri("/cfg/grpc/protos/echo.proto")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(echo.statusCode()).isEqualTo(200);
		assertThat(echo.headers().firstValue("content-type")).hasValueSatisfying((type) -> assertThat(type).startsWith("text/plain"));
		assertThat(echo.body()).contains("service EchoService").contains("import \"google/api/annotations.proto\"");
		HttpResponse<String> imported = http.send(
				HttpRequest.newBuilder(uri("/cfg/grpc/protos/google/api/annotations.proto")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(imported.statusCode()).as("an import, from its jar").isEqualTo(200);
		// Only the served files and their imports: no other resource of the class path.
		for (String other : List.of("application.properties", "google/protobuf/unknown.proto", "../echo.proto",
				"META-INF/MANIFEST.MF")) {
			assertThat(http.send(HttpRequest.newBuilder(uri("/cfg/grpc/protos/" + other)).build(),
					HttpResponse.BodyHandlers.discarding()).statusCode()).as(other).isIn(400, 401, 404);
		}

		HttpResponse<byte[]> zip = http.send(HttpRequest.newBuilder(uri("/cfg/grpc/protos.zip")).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(zip.statusCode()).isEqualTo(200);
		Map<String, String> entries = new java.util.LinkedHashMap<>();
		try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(
				new java.io.ByteArrayInputStream(zip.body()))) {
			for (java.util.zip.ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
				entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
			}
		}
		assertThat(entries).containsKeys("echo.proto", "orders.proto", "google/api/annotations.proto",
				"google/api/http.proto", "buf/validate/validate.proto");
		assertThat(entries.get("echo.proto")).isEqualTo(echo.body());
	}

	private static void assertLogged(HttpResponse<?> response, String protocol, String code) {
		String requestId = response.headers().firstValue("x-request-id").orElseThrow();
		assertThat(server.awaitLogRows("request_id = ?", requestId)).singleElement().satisfies((row) -> {
			assertThat(row.get("PROTOCOL")).isEqualTo(protocol);
			assertThat(row.get("GRPC_STATUS_CODE")).isEqualTo(code);
		});
	}

	private static URI uri(String path) {
		return URI.create("http://127.0.0.1:" + server.httpPort() + path);
	}

	private static HttpResponse<byte[]> post(String path, String contentType, byte[] body, String... headers)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.header("content-type", contentType)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private static HttpResponse<String> postJson(String path, String json, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static byte[] frame(int flags, byte[] payload) {
		return ByteBuffer.allocate(5 + payload.length).put((byte) flags).putInt(payload.length).put(payload).array();
	}

	private static List<byte[]> frames(byte[] body) {
		return frames(body, new ArrayList<>());
	}

	private static List<byte[]> frames(byte[] body, List<Integer> flags) {
		List<byte[]> frames = new ArrayList<>();
		ByteBuffer buffer = ByteBuffer.wrap(body);
		while (buffer.remaining() >= 5) {
			flags.add(buffer.get() & 0xFF);
			byte[] payload = new byte[buffer.getInt()];
			buffer.get(payload);
			frames.add(payload);
		}
		assertThat(buffer.remaining()).as("bytes after the last frame").isZero();
		return frames;
	}

	private static Map<String, String> trailers(byte[] payload) {
		Map<String, String> trailers = new java.util.LinkedHashMap<>();
		for (String line : new String(payload, StandardCharsets.US_ASCII).split("\r\n")) {
			int colon = line.indexOf(':');
			trailers.put(line.substring(0, colon), line.substring(colon + 1));
		}
		return trailers;
	}

}
