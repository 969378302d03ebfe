package dev.cfg.grpc.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.json.JsonMapper;

import dev.cfg.grpc.demo.api.users.User;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Starts the demo's fat jar as a user would, with its file-based H2 database, and drives it with
 * the buf CLI through reflection: a client we did not write.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(1)
class DemoJarBufIT extends SharedDemo {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	@Order(1)
	void reflectionListsTheDemoServicesHealthAndReflection() throws Exception {
		DemoProcess.Result v1 = jar.bufCurl("--list-services");
		assertThat(v1.exitCode()).isZero();
		assertThat(v1.output().lines()).containsExactlyInAnyOrder("api.orders.OrderService",
				"api.products.ProductService", "api.users.UserService", "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection",
				"grpc.reflection.v1alpha.ServerReflection");
		DemoProcess.Result v1alpha = jar.bufCurl("--reflect-protocol", "grpc-v1alpha", "--list-methods");
		assertThat(v1alpha.output().lines()).contains("api.users.UserService/GetUser",
				"api.products.ProductService/SearchProducts");
	}

	@Test
	@Order(2)
	void getUserReturnsTheSeededUserAsJson() throws Exception {
		DemoProcess.Result result = jar.bufCurl("-d", "{\"user_id\": 1}", jar.url("api.users.UserService/GetUser"));
		assertThat(result.exitCode()).as(result.output()).isZero();
		Map<String, Object> user = asMap(JSON.readValue(result.output(), Map.class));
		assertThat(user).containsEntry("id", "1")
			.containsEntry("username", "admin")
			.containsEntry("email", "admin@example.com");
	}

	@Test
	@Order(3)
	void getUserOfAnUnknownIdEndsWithNotFound() throws Exception {
		DemoProcess.Result result = jar.bufCurl("-d", "{\"user_id\": 424242}", jar.url("api.users.UserService/GetUser"));
		// buf exits with the gRPC code times eight: NOT_FOUND (5) gives 40.
		assertThat(result.exitCode()).isEqualTo(40);
		assertThat(result.output()).contains("not_found").contains("User not found");
	}

	@Test
	@Order(4)
	void searchProductsStreamsOnlyMatchingProducts() throws Exception {
		DemoProcess.Result result = jar.bufCurl("-d", "{\"category\": \"garden\", \"max_price\": \"20\"}",
				jar.url("api.products.ProductService/SearchProducts"));
		assertThat(result.exitCode()).as(result.output()).isZero();
		List<Map<String, Object>> products = new ArrayList<>();
		JSON.readerFor(Map.class).readValues(result.output()).forEachRemaining((p) -> products.add(asMap(p)));
		List<String> expected = new ArrayList<>();
		// Through the port the demo serves its database on, as a command beside it would.
		try (var connection = jar.openDatabase(demo);
				var rows = connection.createStatement()
					.executeQuery("SELECT id FROM demo_product WHERE active AND category = 'garden' "
							+ "AND price <= 20 ORDER BY id")) {
			while (rows.next()) {
				expected.add(String.valueOf(rows.getLong(1)));
			}
		}
		assertThat(expected).isNotEmpty();
		assertThat(products).extracting((p) -> (String) p.get("id")).containsExactlyElementsOf(expected);
		assertThat(products).allSatisfy((p) -> {
			assertThat(p.get("category")).isEqualTo("garden");
			assertThat(Double.parseDouble((String) p.get("price"))).isLessThanOrEqualTo(20.0);
		});
	}

	@Test
	@Order(5)
	void healthReportsEveryDemoServiceServing() throws Exception {
		for (String service : List.of("", "api.users.UserService", "api.products.ProductService")) {
			DemoProcess.Result result = jar.bufCurl("-d", "{\"service\": \"" + service + "\"}", jar.url("grpc.health.v1.Health/Check"));
			assertThat(result.output()).as(service).contains("\"status\": \"SERVING\"");
		}
	}

	@Test
	@Order(5)
	void theConsoleSaysWhereToGoAndShowsEachCallAndABrowserLandsInTheAdmin() throws Exception {
		jar.bufCurl("-d", "{\"id\": 2}", jar.url("api.products.ProductService/GetProduct"));
		Path log = work.resolve("demo.log");
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.untilAsserted(() -> assertThat(Files.readString(log)).as("a console line for the call")
				.contains("api.products.ProductService/GetProduct OK"));
		String console = Files.readString(log);
		assertThat(console).contains("Ready. gRPC: [::]:" + jar.grpcPort, "admin:      http://127.0.0.1:" + jar.httpPort + "/admin/",
				"Demo users (demo data, not for real use): admin / admin123");
		assertThat(console).as("libraries are quiet at startup").doesNotContain("HHH", "Migrating schema", "HikariPool",
				"Tomcat started");
		HttpResponse<String> landing = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + jar.httpPort + "/")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(landing.statusCode()).isEqualTo(302);
		assertThat(landing.headers().firstValue("Location").orElseThrow()).endsWith("/admin/");
	}

	@Test
	@Order(6)
	void checkRunsBesideTheServerOnTheSameDatabaseWithoutOpeningPorts() throws Exception {
		Path log = work.resolve("check.log");
		Process check = jar.java(log, "check", "--port", String.valueOf(jar.grpcPort));
		assertThat(check.waitFor(120, TimeUnit.SECONDS)).isTrue();
		String output = Files.readString(log);
		assertThat(check.exitValue()).as(output).isZero();
		assertThat(output).contains("check: configuration is valid.")
			.contains("api.users.UserService")
			.containsPattern("SearchProducts\\s+server streaming");
		assertThat(jar.bufCurl("--list-services").exitCode()).as("the server still answers").isZero();
	}

	@Test
	@Order(6)
	void genprotoWritesValidProtosOfTheDemosEntitiesAndCheckAgreesWithThem() throws Exception {
		Path protos = work.resolve("generated-protos");
		Path log = work.resolve("genproto.log");
		Process genproto = jar.java(log, "genproto", "--output-dir", protos.toString());
		assertThat(genproto.waitFor(180, TimeUnit.SECONDS)).isTrue();
		assertThat(genproto.exitValue()).as(Files.readString(log)).isZero();
		List<String> files = List.of("api/orders/entities.proto", "api/products/entities.proto", "api/users/entities.proto");
		for (String file : files) {
			assertThat(protos.resolve(file)).exists();
		}
		// The entities' Javadoc, kept in the jar by its build: this folder has no sources.
		assertThat(work.resolve("src")).doesNotExist();
		assertThat(Files.readString(protos.resolve("api/orders/entities.proto"))).contains("message OrderLine {",
				"int32 quantity = 4;", "repeated int64 line_ids = 3;",
				"// One product and quantity of an order, at the price of the day.\n// dev.cfg.grpc.demo.orders.OrderLine\n"
						+ "message OrderLine {");

		Process check = jar.java(log, "genproto", "--check", "--output-dir", protos.toString());
		assertThat(check.waitFor(180, TimeUnit.SECONDS)).isTrue();
		assertThat(check.exitValue()).as(Files.readString(log)).isZero();

		// protoc, the one the build uses, accepts every file.
		Path protoc = work.resolve("protoc");
		Files.copy(Path.of(System.getProperty("protoc")), protoc, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		protoc.toFile().setExecutable(true);
		Path include = work.resolve("protoc-include");
		Files.createDirectories(include.resolve("google/protobuf"));
		try (var timestamp = getClass().getClassLoader().getResourceAsStream("google/protobuf/timestamp.proto")) {
			Files.copy(timestamp, include.resolve("google/protobuf/timestamp.proto"),
					java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		}
		List<String> command = new ArrayList<>(List.of(protoc.toString(), "-I" + protos, "-I" + include,
				"--descriptor_set_out=" + work.resolve("generated.pb")));
		command.addAll(files);
		Process compile = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(compile.getInputStream().readAllBytes());
		assertThat(compile.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(compile.exitValue()).as(output).isZero();
	}

	@Test
	@Order(7)
	void aPortBelow1024FailsStartupWithALineNamingTheKey() throws Exception {
		Path log = work.resolve("bad-port.log");
		Process bad = jar.java(log, "--cfg.grpc.server.port=80", "--no-http",
				"--spring.datasource.url=jdbc:h2:mem:bad-port");
		assertThat(bad.waitFor(120, TimeUnit.SECONDS)).isTrue();
		assertThat(bad.exitValue()).isNotZero();
		assertThat(Files.readString(log)).contains(
				"Invalid value for cfg.grpc.server.port: '80'. Allowed: 0 (any free port) or an integer from 1024 to 65535.");
	}

	@Test
	@Order(8)
	void signedInCallsFollowTheCallersPermissions() throws Exception {
		DemoProcess.Result anonymous = jar.bufCurl("-d", "{\"bio\": \"hi\"}", jar.url("api.users.UserService/UpdateProfile"));
		// UNAUTHENTICATED (16) gives 128.
		assertThat(anonymous.exitCode()).isEqualTo(128);
		assertThat(anonymous.output()).contains("Authentication required");

		String alice = jar.tokenFor("alice");
		String bob = jar.tokenFor("bob");
		String admin = jar.tokenFor("admin");
		DemoProcess.Result updated = jar.bufCurl("-H", "Authorization: Bearer " + alice, "-d", "{\"bio\": \"Set from buf\"}",
				jar.url("api.users.UserService/UpdateProfile"));
		assertThat(updated.exitCode()).as(updated.output()).isZero();
		assertThat(asMap(JSON.readValue(updated.output(), Map.class))).containsEntry("bio", "Set from buf");
		assertThat(jar.bufCurl("-d", "{\"user_id\": 2}", jar.url("api.users.UserService/GetUser")).output())
			.contains("Set from buf");

		String order = "{\"items\": [{\"product_id\": 2, \"quantity\": 2}]}";
		DemoProcess.Result refused = jar.bufCurl("-H", "Authorization: Bearer " + bob, "-d", order,
				jar.url("api.orders.OrderService/CreateOrder"));
		// PERMISSION_DENIED (7) gives 56.
		assertThat(refused.exitCode()).isEqualTo(56);
		assertThat(refused.output()).contains("Permission 'orders.add_order' required");
		DemoProcess.Result created = jar.bufCurl("-H", "Authorization: Bearer " + alice, "-d", order,
				jar.url("api.orders.OrderService/CreateOrder"));
		assertThat(created.exitCode()).as(created.output()).isZero();
		String orderId = (String) asMap(JSON.readValue(created.output(), Map.class)).get("id");
		String get = "{\"id\": " + orderId + "}";
		// Another user's order is answered as if it did not exist: NOT_FOUND (5) gives 40.
		assertThat(jar.bufCurl("-H", "Authorization: Bearer " + bob, "-d", get, jar.url("api.orders.OrderService/GetOrder"))
			.exitCode()).isEqualTo(40);
		assertThat(jar.bufCurl("-H", "Authorization: Bearer " + admin, "-d", get, jar.url("api.orders.OrderService/GetOrder"))
			.exitCode()).isZero();

		DemoProcess.Result everyone = jar.bufCurl("-H", "Authorization: Bearer " + admin, "-d", "{}",
				jar.url("api.users.UserService/ListUsers"));
		assertThat(everyone.output()).contains("\"username\": \"alice\"").contains("\"username\": \"bob\"");
		assertThat(jar.bufCurl("-H", "Authorization: Bearer " + alice, "-d", "{}", jar.url("api.users.UserService/ListUsers"))
			.exitCode()).isEqualTo(56);
	}

	@Test
	@Order(8)
	void anOrderOfQuantityZeroIsRefusedNamingTheFieldWithBadRequestDetails() throws Exception {
		String alice = jar.tokenFor("alice");
		DemoProcess.Result refused = jar.bufCurl("-H", "Authorization: Bearer " + alice, "-d",
				"{\"items\": [{\"product_id\": 2, \"quantity\": 0}]}", jar.url("api.orders.OrderService/CreateOrder"));
		// INVALID_ARGUMENT (3) gives 24.
		assertThat(refused.exitCode()).as(refused.output()).isEqualTo(24);
		Map<String, Object> error = asMap(JSON.readValue(refused.output(), Map.class));
		assertThat(error).containsEntry("code", "invalid_argument")
			.containsEntry("message",
					"Invalid request: items[0].quantity: must be greater than or equal to 1 and less than or equal to 10000");
		// buf prints each detail's type and bytes; they are the BadRequest a client decodes.
		Map<String, Object> detail = asMap(((List<?>) error.get("details")).get(0));
		assertThat(detail).containsEntry("type", "google.rpc.BadRequest");
		com.google.rpc.BadRequest badRequest = com.google.rpc.BadRequest
			.parseFrom(java.util.Base64.getDecoder().decode((String) detail.get("value")));
		assertThat(badRequest.getFieldViolationsList()).singleElement().satisfies((violation) -> {
			assertThat(violation.getField()).isEqualTo("items[0].quantity");
			assertThat(violation.getDescription())
				.isEqualTo("must be greater than or equal to 1 and less than or equal to 10000");
		});
	}

	@Test
	@Order(11)
	void everyCallIsInTheRequestLogWithCallerStatusAndAddress() throws Exception {
		String admin = jar.tokenFor("admin");
		// The log is written in the background, at most a flush interval after each call.
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
			try (var connection = jar.openDatabase(demo);
					var rows = connection.createStatement()
						.executeQuery("SELECT status, grpc_status_code, username, client_ip, error_message "
								+ "FROM cfg_grpc_request_log WHERE full_method = 'api.users.UserService/UpdateProfile' "
								+ "ORDER BY created_at")) {
				List<String> seen = new ArrayList<>();
				while (rows.next()) {
					seen.add(rows.getString(1) + " " + rows.getString(2) + " " + rows.getString(3) + " "
							+ rows.getString(4) + " " + rows.getString(5));
				}
				assertThat(seen).contains("error UNAUTHENTICATED null 127.0.0.1 Authentication required",
						"success OK alice 127.0.0.1 null");
			}
		});
		HttpResponse<String> overview = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + jar.httpPort + "/cfg/grpc/monitor/overview/"))
				.header("Authorization", "Bearer " + admin)
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(overview.statusCode()).isEqualTo(200);
		// The overview adds up per-minute totals; they count the same calls as the rows.
		long rows;
		try (var connection = jar.openDatabase(demo);
				var count = connection.createStatement().executeQuery("SELECT COUNT(*) FROM cfg_grpc_request_log")) {
			count.next();
			rows = count.getLong(1);
		}
		assertThat(rows).isPositive();
		assertThat(((Number) asMap(JSON.readValue(overview.body(), Map.class)).get("total")).longValue()).isEqualTo(rows);
		HttpResponse<String> openApi = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + jar.httpPort + "/v3/api-docs/cfg-grpc-monitor"))
				.header("Authorization", "Bearer " + admin)
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(openApi.statusCode()).isEqualTo(200);
		assertThat(openApi.body()).contains("\"/cfg/grpc/monitor/overview/\"", "\"total_available\"");
		HttpResponse<String> anonymous = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + jar.httpPort + "/cfg/grpc/monitor/overview/"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(anonymous.statusCode()).isEqualTo(401);
	}

	@Test
	@Order(10)
	void debianPythonGrpcioSignsInWithTokensPythonMints() throws Exception {
		Path python = Path.of("/usr/bin/python3");
		boolean available = Files.isExecutable(python)
				&& new ProcessBuilder(python.toString(), "-c", "import grpc, grpc_tools").start().waitFor() == 0;
		if (!available) {
			assertThat(System.getenv("CFG_GRPC_TEST_PYTHON")).as("Debian's python3-grpcio is required").isNotEqualTo("required");
			Assumptions.abort("Debian's python3-grpcio and python3-grpc-tools are not installed; .ci/run installs them");
		}
		Path log = work.resolve("python.log");
		// The demo's protos import buf/validate/validate.proto, which comes in protovalidate's jar, and
		// google/api/annotations.proto (with the http.proto it imports), which come in
		// proto-google-common-protos.
		Path include = work.resolve("python-include");
		for (String imported : List.of("buf/validate/validate.proto", "google/api/annotations.proto",
				"google/api/http.proto")) {
			Files.createDirectories(include.resolve(imported).getParent());
			try (var proto = getClass().getClassLoader().getResourceAsStream(imported)) {
				Files.copy(proto, include.resolve(imported), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
			}
		}
		Process client = new ProcessBuilder(python.toString(), Path.of("src/test/python/call_demo.py").toString(),
				"127.0.0.1:" + jar.grpcPort, Path.of("src/main/proto").toString(), "cfg-grpc-demo-secret-key-change-me-0123456789",
				include.toString())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		assertThat(client.waitFor(120, TimeUnit.SECONDS)).isTrue();
		String output = Files.readString(log);
		assertThat(client.exitValue()).as(output).isZero();
		assertThat(output).contains("9 passed, 0 failed");
		// The trace Python started is the one the demo logged the call under.
		String[] traced = output.lines()
			.filter((line) -> line.startsWith("TRACED "))
			.findFirst()
			.orElseThrow()
			.split(" ");
		String traceId = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
			try (Connection connection = jar.openDatabase(demo)) {
				var row = connection.prepareStatement("SELECT trace_id FROM cfg_grpc_request_log WHERE request_id = ?");
				row.setString(1, traced[1]);
				var found = row.executeQuery();
				return found.next() ? found.getString(1) : null;
			}
		}, java.util.Objects::nonNull);
		assertThat(traceId).as("trace id of request %s", traced[1]).isEqualTo(traced[2]);
	}

	@SuppressWarnings("unchecked")
	@Test
	@Order(12)
	void bufCurlCallsTheSameMethodsOverConnectAndGrpcWebOnTheHttpPort() throws Exception {
		String search = "{\"category\": \"garden\", \"max_price\": \"20\"}";
		List<String> overGrpc = productIds(jar.bufCurl("-d", search, jar.url("api.products.ProductService/SearchProducts")));
		assertThat(overGrpc).isNotEmpty();
		for (String protocol : List.of("connect", "grpcweb")) {
			DemoProcess.Result streamed = jar.bufCurlOver(protocol, "-d", search,
					jar.httpUrl("api.products.ProductService/SearchProducts"));
			assertThat(streamed.exitCode()).as(protocol + ": " + streamed.output()).isZero();
			assertThat(productIds(streamed)).as(protocol).containsExactlyElementsOf(overGrpc);
		}

		String order = "{\"items\": [{\"product_id\": 2, \"quantity\": 1}]}";
		DemoProcess.Result anonymous = jar.bufCurlOver("connect", "-d", order, jar.httpUrl("api.orders.OrderService/CreateOrder"));
		// UNAUTHENTICATED (16) gives 128.
		assertThat(anonymous.exitCode()).as(anonymous.output()).isEqualTo(128);
		assertThat(anonymous.output()).contains("Authentication required");
		DemoProcess.Result created = jar.bufCurlOver("grpcweb", "-H", "Authorization: Bearer " + jar.tokenFor("alice"), "-d",
				order, jar.httpUrl("api.orders.OrderService/CreateOrder"));
		assertThat(created.exitCode()).as(created.output()).isZero();

		// The log is written in the background, at most a flush interval after each call.
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			try (var connection = jar.openDatabase(demo);
					var rows = connection.createStatement()
						.executeQuery("SELECT protocol, username, grpc_status_code FROM cfg_grpc_request_log "
								+ "WHERE method_name = 'CreateOrder' AND protocol <> 'grpc' ORDER BY created_at")) {
				List<String> logged = new ArrayList<>();
				while (rows.next()) {
					logged.add(rows.getString(1) + " " + rows.getString(2) + " " + rows.getString(3));
				}
				assertThat(logged).containsExactly("connect null UNAUTHENTICATED", "grpc-web alice OK");
			}
		});
	}

	/** With curl, as README shows: the result's exit code is the HTTP status. */
	@Test
	@Order(13)
	void curlReachesTheAnnotatedRoutesAsJsonThroughTheSamePipeline() throws Exception {
		DemoProcess.Result product = jar.curl("/v1/products/1");
		assertThat(product.exitCode()).as(product.output()).isEqualTo(200);
		assertThat(asMap(JSON.readValue(product.output(), Map.class))).containsEntry("id", "1");

		String search = "/v1/products?category=garden&max_price=20";
		DemoProcess.Result lines = jar.curl(search);
		assertThat(lines.exitCode()).isEqualTo(200);
		List<String> overHttp = lines.output().lines().map((line) -> {
			try {
				return (String) asMap(JSON.readValue(line, Map.class)).get("id");
			}
			catch (Exception ex) {
				throw new IllegalStateException(line, ex);
			}
		}).toList();
		assertThat(overHttp).containsExactlyElementsOf(
				productIds(jar.bufCurl("-d", "{\"category\": \"garden\", \"max_price\": \"20\"}",
						jar.url("api.products.ProductService/SearchProducts"))));

		String order = "{\"items\": [{\"product_id\": 3, \"quantity\": 2}]}";
		DemoProcess.Result anonymous = jar.curl("/v1/orders", "-X", "POST", "-H", "Content-Type: application/json", "-d", order);
		assertThat(anonymous.exitCode()).isEqualTo(401);
		assertThat(anonymous.output()).isEqualTo("{\"code\":16,\"message\":\"Authentication required\"}");
		DemoProcess.Result created = jar.curl("/v1/orders", "-X", "POST", "-H", "Content-Type: application/json", "-H",
				"Authorization: Bearer " + jar.tokenFor("alice"), "-d", order);
		assertThat(created.exitCode()).as(created.output()).isEqualTo(200);
		String orderId = (String) asMap(JSON.readValue(created.output(), Map.class)).get("id");
		// Another user's order is answered as if it did not exist.
		assertThat(jar.curl("/v1/orders/" + orderId, "-H", "Authorization: Bearer " + jar.tokenFor("bob")).exitCode())
			.isEqualTo(404);

		DemoProcess.Result invalid = jar.curl("/v1/orders", "-X", "POST", "-H", "Content-Type: application/json", "-H",
				"Authorization: Bearer " + jar.tokenFor("alice"), "-d", "{\"items\": [{\"product_id\": 3, \"quantity\": 0}]}");
		assertThat(invalid.exitCode()).isEqualTo(400);
		assertThat(invalid.output()).contains("\"code\":3", "items[0].quantity",
				"\"@type\":\"type.googleapis.com/google.rpc.BadRequest\"");
		DemoProcess.Result unknownField = jar.curl("/v1/products/1?colour=red");
		assertThat(unknownField.exitCode()).isEqualTo(400);
		assertThat(unknownField.output()).contains("api.products.GetProductRequest has no field colour");
		DemoProcess.Result noRoute = jar.curl("/v1/nowhere");
		assertThat(noRoute.exitCode()).isEqualTo(404);
		assertThat(noRoute.output()).isEqualTo("{\"code\":5,\"message\":\"No route for GET /v1/nowhere\"}");

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			try (var connection = jar.openDatabase(demo);
					var rows = connection.createStatement()
						.executeQuery("SELECT username, grpc_status_code FROM cfg_grpc_request_log "
								+ "WHERE method_name = 'CreateOrder' AND protocol = 'http-json' ORDER BY created_at")) {
				List<String> logged = new ArrayList<>();
				while (rows.next()) {
					logged.add(rows.getString(1) + " " + rows.getString(2));
				}
				assertThat(logged).containsExactly("null UNAUTHENTICATED", "alice OK", "alice INVALID_ARGUMENT");
			}
		});
	}

	private static List<String> productIds(DemoProcess.Result result) throws Exception {
		assertThat(result.exitCode()).as(result.output()).isZero();
		List<String> ids = new ArrayList<>();
		JSON.readerFor(Map.class).readValues(result.output()).forEachRemaining((p) -> ids.add((String) asMap(p).get("id")));
		return ids;
	}

	private static Map<String, Object> asMap(Object json) {
		return (Map<String, Object>) json;
	}

}
