package dev.cfg.grpc.demo;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import dev.cfg.grpc.demo.api.users.GetUserRequest;
import dev.cfg.grpc.demo.api.users.User;
import dev.cfg.grpc.demo.api.users.UserServiceGrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Starts the demo's fat jar as a user would, with its file-based H2 database, and drives it with
 * the buf CLI through reflection: a client we did not write.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoJarBufIT {

	private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	static Path work;

	static Process demo;

	static int grpcPort;

	static int httpPort;

	static Path database;

	static Path buf;

	@BeforeAll
	static void startDemo() throws Exception {
		buf = installBuf();
		grpcPort = freePort();
		// The demo's own database URL, ./data/demo in its working directory.
		database = work.resolve("data/demo");
		httpPort = freePort();
		demo = startDemo("demo.log");
	}

	/** Starts the demo jar in the work folder and waits until it serves. */
	private static Process startDemo(String logName) throws Exception {
		Path log = work.resolve(logName);
		Process started = java(log, "--port", String.valueOf(grpcPort), "--server.port=" + httpPort);
		await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> {
			assertThat(started.isAlive()).as("the demo exited: " + Files.readString(log)).isTrue();
			return bufCurl("--list-services").output().contains("api.users.UserService");
		});
		return started;
	}

	@AfterAll
	static void stopDemo() throws Exception {
		if (demo != null && demo.isAlive()) {
			demo.destroy();
			assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as("the demo stops on SIGTERM").isTrue();
		}
		// The work folder is deleted: keep the demo's and the commands' output to read after a failure.
		Path kept = Path.of("target/demo-jar-logs");
		Files.createDirectories(kept);
		try (var logs = Files.list(work)) {
			for (Path log : logs.filter((file) -> file.toString().endsWith(".log")).toList()) {
				Files.copy(log, kept.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
			}
		}
	}

	@Test
	@Order(1)
	void reflectionListsTheDemoServicesHealthAndReflection() throws Exception {
		Result v1 = bufCurl("--list-services");
		assertThat(v1.exitCode()).isZero();
		assertThat(v1.output().lines()).containsExactlyInAnyOrder("api.orders.OrderService",
				"api.products.ProductService", "api.users.UserService", "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection",
				"grpc.reflection.v1alpha.ServerReflection");
		Result v1alpha = bufCurl("--reflect-protocol", "grpc-v1alpha", "--list-methods");
		assertThat(v1alpha.output().lines()).contains("api.users.UserService/GetUser",
				"api.products.ProductService/SearchProducts");
	}

	@Test
	@Order(2)
	void getUserReturnsTheSeededUserAsJson() throws Exception {
		Result result = bufCurl("-d", "{\"user_id\": 1}", url("api.users.UserService/GetUser"));
		assertThat(result.exitCode()).as(result.output()).isZero();
		Map<String, Object> user = asMap(JSON.readValue(result.output(), Map.class));
		assertThat(user).containsEntry("id", "1")
			.containsEntry("username", "admin")
			.containsEntry("email", "admin@example.com");
	}

	@Test
	@Order(3)
	void getUserOfAnUnknownIdEndsWithNotFound() throws Exception {
		Result result = bufCurl("-d", "{\"user_id\": 424242}", url("api.users.UserService/GetUser"));
		// buf exits with the gRPC code times eight: NOT_FOUND (5) gives 40.
		assertThat(result.exitCode()).isEqualTo(40);
		assertThat(result.output()).contains("not_found").contains("User not found");
	}

	@Test
	@Order(4)
	void searchProductsStreamsOnlyMatchingProducts() throws Exception {
		Result result = bufCurl("-d", "{\"category\": \"garden\", \"max_price\": \"20\"}",
				url("api.products.ProductService/SearchProducts"));
		assertThat(result.exitCode()).as(result.output()).isZero();
		List<Map<String, Object>> products = new ArrayList<>();
		JSON.readerFor(Map.class).readValues(result.output()).forEachRemaining((p) -> products.add(asMap(p)));
		List<String> expected = new ArrayList<>();
		// Through the port the demo serves its database on, as a command beside it would.
		try (var connection = openDatabase();
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
			Result result = bufCurl("-d", "{\"service\": \"" + service + "\"}", url("grpc.health.v1.Health/Check"));
			assertThat(result.output()).as(service).contains("\"status\": \"SERVING\"");
		}
	}

	@Test
	@Order(5)
	void theConsoleSaysWhereToGoAndShowsEachCallAndABrowserLandsInTheAdmin() throws Exception {
		bufCurl("-d", "{\"id\": 2}", url("api.products.ProductService/GetProduct"));
		Path log = work.resolve("demo.log");
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.untilAsserted(() -> assertThat(Files.readString(log)).as("a console line for the call")
				.contains("api.products.ProductService/GetProduct OK"));
		String console = Files.readString(log);
		assertThat(console).contains("Ready. gRPC: [::]:" + grpcPort, "admin:      http://127.0.0.1:" + httpPort + "/admin/",
				"Demo users (demo data, not for real use): admin / admin123");
		assertThat(console).as("libraries are quiet at startup").doesNotContain("HHH", "Migrating schema", "HikariPool",
				"Tomcat started");
		HttpResponse<String> landing = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(landing.statusCode()).isEqualTo(302);
		assertThat(landing.headers().firstValue("Location").orElseThrow()).endsWith("/admin/");
	}

	@Test
	@Order(6)
	void checkRunsBesideTheServerOnTheSameDatabaseWithoutOpeningPorts() throws Exception {
		Path log = work.resolve("check.log");
		Process check = java(log, "check", "--port", String.valueOf(grpcPort));
		assertThat(check.waitFor(120, TimeUnit.SECONDS)).isTrue();
		String output = Files.readString(log);
		assertThat(check.exitValue()).as(output).isZero();
		assertThat(output).contains("check: configuration is valid.")
			.contains("api.users.UserService")
			.containsPattern("SearchProducts\\s+server streaming");
		assertThat(bufCurl("--list-services").exitCode()).as("the server still answers").isZero();
	}

	@Test
	@Order(6)
	void genprotoWritesValidProtosOfTheDemosEntitiesAndCheckAgreesWithThem() throws Exception {
		Path protos = work.resolve("generated-protos");
		Path log = work.resolve("genproto.log");
		Process genproto = java(log, "genproto", "--output-dir", protos.toString());
		assertThat(genproto.waitFor(180, TimeUnit.SECONDS)).isTrue();
		assertThat(genproto.exitValue()).as(Files.readString(log)).isZero();
		List<String> files = List.of("api/orders/entities.proto", "api/products/entities.proto", "api/users/entities.proto");
		for (String file : files) {
			assertThat(protos.resolve(file)).exists();
		}
		assertThat(Files.readString(protos.resolve("api/orders/entities.proto"))).contains("message OrderLine {",
				"int32 quantity = 4;", "repeated int64 line_ids = 3;");

		Process check = java(log, "genproto", "--check", "--output-dir", protos.toString());
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
		Process bad = java(log, "--cfg.grpc.server.port=80", "--no-http",
				"--spring.datasource.url=jdbc:h2:mem:bad-port");
		assertThat(bad.waitFor(120, TimeUnit.SECONDS)).isTrue();
		assertThat(bad.exitValue()).isNotZero();
		assertThat(Files.readString(log)).contains(
				"Invalid value for cfg.grpc.server.port: '80'. Allowed: 0 (any free port) or an integer from 1024 to 65535.");
	}

	@Test
	@Order(8)
	void signedInCallsFollowTheCallersPermissions() throws Exception {
		Result anonymous = bufCurl("-d", "{\"bio\": \"hi\"}", url("api.users.UserService/UpdateProfile"));
		// UNAUTHENTICATED (16) gives 128.
		assertThat(anonymous.exitCode()).isEqualTo(128);
		assertThat(anonymous.output()).contains("Authentication required");

		String alice = tokenFor("alice");
		String bob = tokenFor("bob");
		String admin = tokenFor("admin");
		Result updated = bufCurl("-H", "Authorization: Bearer " + alice, "-d", "{\"bio\": \"Set from buf\"}",
				url("api.users.UserService/UpdateProfile"));
		assertThat(updated.exitCode()).as(updated.output()).isZero();
		assertThat(asMap(JSON.readValue(updated.output(), Map.class))).containsEntry("bio", "Set from buf");
		assertThat(bufCurl("-d", "{\"user_id\": 2}", url("api.users.UserService/GetUser")).output())
			.contains("Set from buf");

		String order = "{\"items\": [{\"product_id\": 2, \"quantity\": 2}]}";
		Result refused = bufCurl("-H", "Authorization: Bearer " + bob, "-d", order,
				url("api.orders.OrderService/CreateOrder"));
		// PERMISSION_DENIED (7) gives 56.
		assertThat(refused.exitCode()).isEqualTo(56);
		assertThat(refused.output()).contains("Permission 'orders.add_order' required");
		Result created = bufCurl("-H", "Authorization: Bearer " + alice, "-d", order,
				url("api.orders.OrderService/CreateOrder"));
		assertThat(created.exitCode()).as(created.output()).isZero();
		String orderId = (String) asMap(JSON.readValue(created.output(), Map.class)).get("id");
		String get = "{\"id\": " + orderId + "}";
		// Another user's order is answered as if it did not exist: NOT_FOUND (5) gives 40.
		assertThat(bufCurl("-H", "Authorization: Bearer " + bob, "-d", get, url("api.orders.OrderService/GetOrder"))
			.exitCode()).isEqualTo(40);
		assertThat(bufCurl("-H", "Authorization: Bearer " + admin, "-d", get, url("api.orders.OrderService/GetOrder"))
			.exitCode()).isZero();

		Result everyone = bufCurl("-H", "Authorization: Bearer " + admin, "-d", "{}",
				url("api.users.UserService/ListUsers"));
		assertThat(everyone.output()).contains("\"username\": \"alice\"").contains("\"username\": \"bob\"");
		assertThat(bufCurl("-H", "Authorization: Bearer " + alice, "-d", "{}", url("api.users.UserService/ListUsers"))
			.exitCode()).isEqualTo(56);
	}

	@Test
	@Order(8)
	void anOrderOfQuantityZeroIsRefusedNamingTheFieldWithBadRequestDetails() throws Exception {
		String alice = tokenFor("alice");
		Result refused = bufCurl("-H", "Authorization: Bearer " + alice, "-d",
				"{\"items\": [{\"product_id\": 2, \"quantity\": 0}]}", url("api.orders.OrderService/CreateOrder"));
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
		String admin = tokenFor("admin");
		// The log is written in the background, at most a flush interval after each call.
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
			try (var connection = openDatabase();
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
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/cfg/grpc/monitor/overview/"))
				.header("Authorization", "Bearer " + admin)
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(overview.statusCode()).isEqualTo(200);
		// The overview adds up per-minute totals; they count the same calls as the rows.
		long rows;
		try (var connection = openDatabase();
				var count = connection.createStatement().executeQuery("SELECT COUNT(*) FROM cfg_grpc_request_log")) {
			count.next();
			rows = count.getLong(1);
		}
		assertThat(rows).isPositive();
		assertThat(((Number) asMap(JSON.readValue(overview.body(), Map.class)).get("total")).longValue()).isEqualTo(rows);
		HttpResponse<String> openApi = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/v3/api-docs/cfg-grpc-monitor"))
				.header("Authorization", "Bearer " + admin)
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(openApi.statusCode()).isEqualTo(200);
		assertThat(openApi.body()).contains("\"/cfg/grpc/monitor/overview/\"", "\"total_available\"");
		HttpResponse<String> anonymous = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/cfg/grpc/monitor/overview/"))
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
		// The demo's protos import buf/validate/validate.proto, which comes in protovalidate's jar.
		Path include = work.resolve("python-include");
		Files.createDirectories(include.resolve("buf/validate"));
		try (var validate = getClass().getClassLoader().getResourceAsStream("buf/validate/validate.proto")) {
			Files.copy(validate, include.resolve("buf/validate/validate.proto"),
					java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		}
		Process client = new ProcessBuilder(python.toString(), Path.of("src/test/python/call_demo.py").toString(),
				"127.0.0.1:" + grpcPort, Path.of("src/main/proto").toString(), "cfg-grpc-demo-secret-key-change-me-0123456789",
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
			try (Connection connection = openDatabase()) {
				var row = connection.prepareStatement("SELECT trace_id FROM cfg_grpc_request_log WHERE request_id = ?");
				row.setString(1, traced[1]);
				var found = row.executeQuery();
				return found.next() ? found.getString(1) : null;
			}
		}, java.util.Objects::nonNull);
		assertThat(traceId).as("trace id of request %s", traced[1]).isEqualTo(traced[2]);
	}

	@Test
	@Order(99)
	void sigtermUnderLoadDrainsCallsThenWritesTheLogThenClosesTheDatabase() throws Exception {
		ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
		Set<String> answered = ConcurrentHashMap.newKeySet();
		Map<String, Status.Code> failedAfterArriving = new ConcurrentHashMap<>();
		AtomicLong ended = new AtomicLong();
		Semaphore inFlight = new Semaphore(16);
		try {
			long stopAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
			boolean stopping = false;
			// Calls go on before, during and after SIGTERM; every request id a client was given is kept.
			while (demo.isAlive() || inFlight.availablePermits() < 16) {
				if (!stopping && System.nanoTime() > stopAt) {
					demo.destroy();
					stopping = true;
				}
				if (!demo.isAlive()) {
					// Wait for the calls still in flight to end: all permits back ends the loop.
					if (inFlight.tryAcquire(16, 100, TimeUnit.MILLISECONDS)) {
						inFlight.release(16);
					}
					continue;
				}
				if (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
					continue;
				}
				getUser(channel, (status, id) -> {
					if (id != null) {
						answered.add(id);
						if (!status.isOk()) {
							failedAfterArriving.put(id, status.getCode());
						}
					}
					ended.incrementAndGet();
					inFlight.release();
				});
			}
		}
		finally {
			channel.shutdownNow();
		}
		assertThat(demo.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(answered).isNotEmpty();
		Set<String> stored = new HashSet<>();
		try (var connection = openDatabase();
				var rows = connection.createStatement()
					.executeQuery("SELECT request_id FROM cfg_grpc_request_log WHERE method_name = 'GetUser'")) {
			while (rows.next()) {
				stored.add(rows.getString(1));
			}
		}
		assertThat(stored).as("every call answered before and during shutdown is in the log").containsAll(answered);
		// The database stays open until the server has drained: no call that reached a service
		// fails for want of it, and the shutdown writes no error.
		assertThat(failedAfterArriving).as("calls that reached the server and failed during shutdown").isEmpty();
		assertThat(Files.readString(work.resolve("demo.log")).lines().filter((line) -> line.contains(" ERROR ")))
			.as("errors in the demo's log").isEmpty();
	}

	@Test
	@Order(100)
	void afterSigkillTheNextStartReportsWhereTheLogMayHaveBeenCutShort() throws Exception {
		demo = startDemo("demo-killed.log");
		long pid = demo.pid();
		ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
		Map<String, Long> answeredAtMillis = new ConcurrentHashMap<>();
		Semaphore inFlight = new Semaphore(16);
		long killedAtMillis;
		try {
			long killAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
			while (System.nanoTime() < killAt) {
				if (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
					continue;
				}
				getUser(channel, (status, id) -> {
					if (status.isOk() && id != null) {
						answeredAtMillis.put(id, System.currentTimeMillis());
					}
					inFlight.release();
				});
			}
			killedAtMillis = System.currentTimeMillis();
			demo.destroyForcibly();
			assertThat(demo.waitFor(60, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			channel.shutdownNow();
		}
		demo = startDemo("demo-after-kill.log");
		Path log = work.resolve("demo-after-kill.log");
		await().atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> assertThat(Files.readString(log)).as("the start after the kill reports it")
				.contains("stopped without a clean shutdown"));
		String report = Files.readString(log)
			.lines()
			.filter((line) -> line.contains("stopped without a clean shutdown"))
			.findFirst()
			.orElseThrow();
		String killed;
		String lastLogged;
		long lastLoggedMillis;
		Set<String> stored = new HashSet<>();
		try (Connection connection = openDatabase()) {
			var lost = connection.prepareStatement("SELECT id, state FROM cfg_grpc_server_instance WHERE pid = ?");
			lost.setLong(1, pid);
			var row = lost.executeQuery();
			assertThat(row.next()).as("the killed process has a row").isTrue();
			killed = row.getString(1);
			assertThat(row.getString(2)).isEqualTo("lost");
			var newest = connection.prepareStatement("SELECT request_id, completed_at FROM cfg_grpc_request_log "
					+ "WHERE instance_id = ? ORDER BY created_at DESC, id DESC FETCH FIRST 1 ROW ONLY");
			newest.setString(1, killed);
			var last = newest.executeQuery();
			assertThat(last.next()).isTrue();
			lastLogged = last.getString(1);
			lastLoggedMillis = last.getTimestamp(2).getTime();
			var all = connection.prepareStatement("SELECT request_id FROM cfg_grpc_request_log WHERE instance_id = ?");
			all.setString(1, killed);
			var ids = all.executeQuery();
			while (ids.next()) {
				stored.add(ids.getString(1));
			}
		}
		assertThat(report).contains("WARN", "Server instance " + killed, "pid " + pid, "gRPC port " + grpcPort,
				"Its last call in the request log is " + lastLogged);
		// What the kill cut short, for docs/reliability.md: measured, not asserted.
		List<Long> missing = answeredAtMillis.entrySet()
			.stream()
			.filter((answered) -> !stored.contains(answered.getKey()))
			.map(Map.Entry::getValue)
			.sorted()
			.toList();
		System.out.printf("SIGKILL under load: %d calls answered OK, %d of them missing from the log; "
				+ "the oldest missing was answered %d ms before the kill; the last logged call completed %d ms "
				+ "before the kill%n", answeredAtMillis.size(), missing.size(),
				missing.isEmpty() ? 0 : killedAtMillis - missing.get(0), killedAtMillis - lastLoggedMillis);
	}

	/** Starts a GetUser call of user 1; tells how it ended and the request id it was given, if any. */
	private static void getUser(Channel channel, java.util.function.BiConsumer<Status, String> ended) {
		ClientCall<GetUserRequest, User> call = channel.newCall(UserServiceGrpc.getGetUserMethod(),
				CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS));
		call.start(new ClientCall.Listener<>() {
			@Override
			public void onClose(Status status, Metadata trailers) {
				ended.accept(status, trailers.get(Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER)));
			}
		}, new Metadata());
		call.request(1);
		call.sendMessage(GetUserRequest.newBuilder().setUserId(1).build());
		call.halfClose();
	}

	/**
	 * The demo's database: through the server's H2 TCP port while it runs (the port file it writes
	 * is how commands find it), the file itself once it has stopped.
	 */
	private static Connection openDatabase() throws Exception {
		Path portFile = work.resolve("data/demo.tcp-port");
		if (demo.isAlive()) {
			assertThat(portFile).as("the running demo says where it serves its database").exists();
			return DriverManager.getConnection(
					"jdbc:h2:tcp://127.0.0.1:" + Files.readString(portFile).trim() + "/" + database, "sa", "");
		}
		assertThat(portFile).as("a demo that stopped cleanly removes its port file").doesNotExist();
		return DriverManager.getConnection("jdbc:h2:file:" + database, "sa", "");
	}

	private static String tokenFor(String username) throws Exception {
		Path log = work.resolve("token-" + username + ".log");
		Process token = java(log, "token", "--user", username);
		assertThat(token.waitFor(120, TimeUnit.SECONDS)).isTrue();
		String output = Files.readString(log);
		assertThat(token.exitValue()).as(output).isZero();
		return output.lines().filter((line) -> line.matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+")).findFirst().orElseThrow();
	}

	@Test
	@Order(9)
	void onJava21OrNewerVirtualThreadsRunTheCalls() throws Exception {
		Path javaHome = newerJava();
		Assumptions.assumeTrue(javaHome != null, "no Java 21 or newer under /usr/lib/jvm");
		int port = freePort();
		Path log = work.resolve("virtual.log");
		List<String> command = List.of(javaHome.resolve("bin/java").toString(), "-jar", System.getProperty("demo.jar"),
				"--port", String.valueOf(port), "--no-http", "--cfg.grpc.server.virtual-threads=true",
				"--spring.datasource.url=jdbc:h2:mem:virtual;DB_CLOSE_DELAY=-1");
		Process virtual = new ProcessBuilder(command).directory(work.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
				assertThat(virtual.isAlive()).as(Files.readString(log)).isTrue();
				return Files.readString(log).contains("gRPC server listening on");
			});
			assertThat(Files.readString(log)).contains("running service code on virtual threads");
			Result result = bufCurl("-d", "{\"user_id\": 2}", "http://127.0.0.1:" + port + "/api.users.UserService/GetUser");
			assertThat(result.output()).contains("\"username\": \"alice\"");
		}
		finally {
			virtual.destroy();
			virtual.waitFor(60, TimeUnit.SECONDS);
		}
	}

	/** A JDK of version 21 or newer installed beside the one running the tests, if any. */
	private static Path newerJava() throws IOException {
		Path jvms = Path.of("/usr/lib/jvm");
		if (!Files.isDirectory(jvms)) {
			return null;
		}
		try (var homes = Files.list(jvms)) {
			for (Path home : homes.toList()) {
				Path release = home.resolve("release");
				if (Files.isRegularFile(release) && Files.isExecutable(home.resolve("bin/java"))) {
					String version = Files.readAllLines(release)
						.stream()
						.filter((line) -> line.startsWith("JAVA_VERSION="))
						.findFirst()
						.orElse("JAVA_VERSION=\"0\"");
					String feature = version.replaceAll("JAVA_VERSION=\"(\\d+).*", "$1");
					if (feature.matches("\\d+") && Integer.parseInt(feature) >= 21) {
						return home;
					}
				}
			}
		}
		return null;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> asMap(Object json) {
		return (Map<String, Object>) json;
	}

	private static String url(String method) {
		return "http://127.0.0.1:" + grpcPort + "/" + method;
	}

	private static Process java(Path log, String... args) throws IOException {
		List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", System.getProperty("demo.jar")));
		command.addAll(List.of(args));
		return new ProcessBuilder(command).directory(work.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
	}

	private static String javaBinary() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static Result bufCurl(String... args) throws Exception {
		List<String> command = new ArrayList<>(
				List.of(buf.toString(), "curl", "--protocol", "grpc", "--http2-prior-knowledge"));
		command.addAll(List.of(args));
		if (args.length == 0 || args[args.length - 1].startsWith("-") || !args[args.length - 1].startsWith("http")) {
			command.add("http://127.0.0.1:" + grpcPort);
		}
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return new Result(process.exitValue(), output);
	}

	/** The buf CLI from npm, installed from tools/buf when .ci/run has not already. */
	private static Path installBuf() throws Exception {
		Path tools = REPOSITORY.resolve("tools/buf");
		Path binary = tools.resolve("node_modules/.bin/buf");
		if (!Files.isExecutable(binary)) {
			Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund").directory(tools.toFile())
				.inheritIO()
				.start();
			assertThat(npm.waitFor(300, TimeUnit.SECONDS)).isTrue();
			assertThat(npm.exitValue()).as("npm install in " + tools).isZero();
		}
		assertThat(new File(binary.toString())).canRead();
		return binary;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private record Result(int exitCode, String output) {
	}

}
