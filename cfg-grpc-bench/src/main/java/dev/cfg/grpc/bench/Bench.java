package dev.cfg.grpc.bench;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import picocli.CommandLine;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.cfg.grpc.auth.TokenIssuer;
import dev.cfg.grpc.bench.api.PingRequest;
import dev.cfg.grpc.log.RequestLogWriter;
import dev.cfg.grpc.users.UserStore;

/**
 * Runs the same unary method under the same closed-loop load on each scenario, one after the
 * other in one process, and prints one table:
 * (a) a bare grpc-java server, (b) plain Spring Boot 4.1 gRPC, (c) cfg-grpc with its pipeline and
 * the request log off, (d) cfg-grpc in full (JWT auth, request log on H2, metrics), (e) the same
 * on PostgreSQL.
 */
@CommandLine.Command(name = "cfg-grpc-bench", mixinStandardHelpOptions = true,
		description = "Load the same gRPC method on bare grpc-java, plain Spring Boot and cfg-grpc.")
public final class Bench implements Callable<Integer> {

	private static final String SECRET = "bench-secret-key-of-at-least-32-bytes-0123456789";

	/** Every auto-configuration cfg-grpc registers, read from its imports file so none is missed. */
	private static final String CFG_AUTO_CONFIGURATIONS = String.join(",",
			ImportCandidates.load(AutoConfiguration.class, Bench.class.getClassLoader())
				.getCandidates()
				.stream()
				.filter((name) -> name.startsWith("dev.cfg.grpc."))
				.toList());

	@CommandLine.Option(names = "--scenarios", split = ",", defaultValue = "a,b,c,d,e",
			description = "Scenarios to run, in order (default: ${DEFAULT-VALUE}).")
	List<String> scenarios;

	@CommandLine.Option(names = "--target", description = "Server for the target mode, host:port.")
	String target;

	@CommandLine.Option(names = "--method", description = "Unary method for the target mode, package.Service/Method.")
	String method;

	@CommandLine.Option(names = "--request-hex", defaultValue = "",
			description = "The serialized request of the target mode, in hex (default: the empty message).")
	String requestHex;

	@CommandLine.Option(names = "--header", paramLabel = "NAME=VALUE",
			description = "A header sent with every call of the target mode; repeat for more.")
	Map<String, String> headers = new LinkedHashMap<>();

	@CommandLine.Option(names = "--concurrency", defaultValue = "32", description = "Calls in flight (default: ${DEFAULT-VALUE}).")
	int concurrency;

	@CommandLine.Option(names = "--warmup", defaultValue = "10s", description = "Warm-up per scenario (default: ${DEFAULT-VALUE}).")
	String warmup;

	@CommandLine.Option(names = "--duration", defaultValue = "20s", description = "Measured time per scenario (default: ${DEFAULT-VALUE}).")
	String duration;

	@CommandLine.Option(names = "--mode", defaultValue = "calls",
			description = "calls: the scenarios side by side; storage: the request log writer alone and the "
					+ "monitoring endpoints over the rows it wrote, on H2 (scenario d) and PostgreSQL (scenario e); "
					+ "commands: the management commands of the --jar applications; target: load on one method of "
					+ "a running server, --target and --method (default: ${DEFAULT-VALUE}).")
	String mode;

	@CommandLine.Option(names = "--jar", paramLabel = "LABEL=PATH",
			description = "An application jar for the commands mode, with a label for the table; repeat to "
					+ "compare (default: the demo, demo=cfg-grpc-demo/target/cfg-grpc-demo.jar).")
	Map<String, Path> jars = new LinkedHashMap<>();

	@CommandLine.Option(names = "--runs", defaultValue = "5",
			description = "Runs of each command per jar in the commands mode (default: ${DEFAULT-VALUE}).")
	int runs;

	@CommandLine.Option(names = "--rows", defaultValue = "1000000",
			description = "Rows the storage mode writes (default: ${DEFAULT-VALUE}).")
	int rows;

	@CommandLine.Option(names = "--property", paramLabel = "NAME=VALUE",
			description = "A setting added to every scenario's application (calls mode); repeat for more.")
	List<String> properties = new ArrayList<>();

	@CommandLine.Option(names = "--writer-only",
			description = "Storage mode: time the writer (and retention) only, not the monitoring endpoints and admin pages.")
	boolean writerOnly;

	@CommandLine.Option(names = "--writers",
			description = "Request log writer threads of the storage mode (default: cfg-grpc's for the database).")
	Integer writers;

	@CommandLine.Option(names = "--postgres-url", defaultValue = "jdbc:postgresql://127.0.0.1:5432/cfg_grpc_test",
			description = "Database of scenario (e) (default: ${DEFAULT-VALUE}).")
	String postgresUrl;

	@CommandLine.Option(names = "--postgres-user", defaultValue = "cfg_grpc")
	String postgresUser;

	@CommandLine.Option(names = "--postgres-password", defaultValue = "cfg_grpc")
	String postgresPassword;

	public static void main(String[] args) {
		System.exit(new CommandLine(new Bench()).execute(args));
	}

	@Override
	public Integer call() throws Exception {
		if (this.mode.equals("commands")) {
			Map<String, Path> jars = this.jars.isEmpty()
					? Map.of("demo", Path.of("cfg-grpc-demo/target/cfg-grpc-demo.jar")) : this.jars;
			new CommandBench(jars, this.runs, Path.of("target/command-bench")).run();
			return 0;
		}
		if (this.mode.equals("target")) {
			if (this.target == null || this.method == null) {
				throw new CommandLine.ParameterException(new CommandLine(this),
						"--mode target needs --target and --method");
			}
			TargetLoad.print(this.target, TargetLoad.run(this.target, this.method, this.requestHex, this.headers,
					this.concurrency, DurationStyle.detectAndParse(this.warmup),
					DurationStyle.detectAndParse(this.duration)));
			return 0;
		}
		if (this.mode.equals("storage")) {
			StorageBench storage = new StorageBench(this.rows, this.writerOnly ? 0 : 40, this.writers);
			if (this.scenarios.contains("d")) {
				storage.run("H2", List.of(h2()));
			}
			if (this.scenarios.contains("e")) {
				storage.run("PostgreSQL", List.of("--spring.datasource.url=" + this.postgresUrl,
						"--spring.datasource.username=" + this.postgresUser,
						"--spring.datasource.password=" + this.postgresPassword));
			}
			return 0;
		}
		Duration warm = DurationStyle.detectAndParse(this.warmup);
		Duration measured = DurationStyle.detectAndParse(this.duration);
		Map<String, Row> rows = new LinkedHashMap<>();
		for (String scenario : this.scenarios) {
			System.out.println("== scenario " + scenario + ": " + describe(scenario));
			try {
				if (scenario.strip().equalsIgnoreCase("w")) {
					rows.putAll(web(warm, measured));
				}
				else if (scenario.strip().equalsIgnoreCase("t")) {
					rows.putAll(tail(warm, measured));
				}
				else {
					// A scenario named again (c,r,c,r: the first in a JVM runs while shared code still compiles)
					// gets a row of its own.
					String name = scenario;
					for (int round = 2; rows.containsKey(name); round++) {
						name = scenario + "#" + round;
					}
					rows.put(name, run(scenario.strip().toLowerCase(Locale.ROOT), warm, measured));
				}
			}
			catch (RuntimeException ex) {
				// One scenario that cannot run (no PostgreSQL, say) does not spoil the others.
				Throwable root = ex;
				while (root.getCause() != null) {
					root = root.getCause();
				}
				System.out.println("   scenario " + scenario + " could not run: " + root.getMessage());
			}
		}
		print(rows, warm, measured);
		return 0;
	}

	private Row run(String scenario, Duration warm, Duration measured) throws Exception {
		if (scenario.equals("a")) {
			Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
				.addService(new PingService())
				.build()
				.start();
			try {
				return new Row(load(server.getPort(), new Metadata(), warm, measured), null);
			}
			finally {
				server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
			}
		}
		List<String> arguments = new ArrayList<>(List.of("--spring.main.banner-mode=off",
				"--logging.level.root=warn", "--cfg.secret-key=" + SECRET));
		// Scenario (h) serves over TLS, with a certificate made for the run.
		TlsFiles tls = scenario.equals("h") ? TlsFiles.make(Path.of("target/bench-tls")) : null;
		switch (scenario) {
			case "b" -> arguments.addAll(List.of("--spring.autoconfigure.exclude=" + CFG_AUTO_CONFIGURATIONS,
					"--spring.grpc.server.port=0", "--spring.grpc.server.address=127.0.0.1", h2()));
			case "c" -> arguments.addAll(List.of("--cfg.grpc.server.port=0", "--cfg.grpc.server.host=127.0.0.1",
					"--cfg.grpc.logging.enabled=false", "--cfg.grpc.auth.require-auth=false", h2()));
			case "d" -> arguments.addAll(List.of("--cfg.grpc.server.port=0", "--cfg.grpc.server.host=127.0.0.1", h2()));
			case "i" -> arguments.addAll(List.of("--cfg.grpc.server.port=0", "--cfg.grpc.server.host=127.0.0.1",
					"--cfg.grpc.logging.enabled=false", h2()));
			case "f" -> arguments.addAll(List.of("--cfg.grpc.server.port=0", "--cfg.grpc.server.host=127.0.0.1",
					"--cfg.grpc.logging.enabled=false", "--cfg.grpc.auth.require-auth=false",
					"--cfg.grpc.validation.enabled=false", h2()));
			// One anonymous caller (one address) far under its rate: every call passes the stage.
			case "r" -> arguments.addAll(List.of("--cfg.grpc.server.port=0", "--cfg.grpc.server.host=127.0.0.1",
					"--cfg.grpc.logging.enabled=false", "--cfg.grpc.auth.require-auth=false",
					"--cfg.grpc.rate-limit.enabled=true", "--cfg.grpc.rate-limit.per-address=1000000", h2()));
			case "h" -> arguments.addAll(List.of("--cfg.grpc.server.port=0", "--cfg.grpc.server.host=127.0.0.1",
					"--cfg.grpc.logging.enabled=false", "--cfg.grpc.auth.require-auth=false",
					"--cfg.grpc.server.tls.certificate=" + tls.file("server.crt"),
					"--cfg.grpc.server.tls.private-key=" + tls.file("server.key"), h2()));
			case "g" -> arguments.addAll(List.of("--cfg.grpc.server.port=0", "--cfg.grpc.server.host=127.0.0.1",
					"--cfg.grpc.logging.enabled=false", "--cfg.grpc.auth.require-auth=false",
					"--spring.grpc.server.observation.enabled=false", h2()));
			case "e" -> arguments.addAll(List.of("--cfg.grpc.server.port=0", "--cfg.grpc.server.host=127.0.0.1",
					"--spring.datasource.url=" + this.postgresUrl, "--spring.datasource.username=" + this.postgresUser,
					"--spring.datasource.password=" + this.postgresPassword));
			case "j" -> arguments.addAll(List.of("--cfg.grpc.server.port=0", "--cfg.grpc.server.host=127.0.0.1",
					"--cfg.grpc.logging.enabled=false", "--spring.datasource.url=" + this.postgresUrl,
					"--spring.datasource.username=" + this.postgresUser,
					"--spring.datasource.password=" + this.postgresPassword));
			default -> throw new CommandLine.ParameterException(new CommandLine(this), "unknown scenario " + scenario);
		}
		this.properties.forEach((property) -> arguments.add("--" + property));
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(BenchApplication.class)
			.web(WebApplicationType.NONE)
			.run(arguments.toArray(String[]::new))) {
			int port = context.getBean(GrpcServerLifecycle.class).getPort();
			Metadata headers = new Metadata();
			boolean logged = scenario.equals("d") || scenario.equals("e");
			if (logged) {
				context.getBean(JdbcTemplate.class).update("DELETE FROM cfg_grpc_request_log");
			}
			if (logged || scenario.equals("i") || scenario.equals("j")) {
				headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
						"Bearer " + token(context));
			}
			long writerCpu = logged ? StorageBench.writerCpuNanos() : 0;
			LoadGenerator.Result result = (tls != null) ? loadOverTls(tls, port, headers, warm, measured)
					: load(port, headers, warm, measured);
			Long rows = null;
			if (logged) {
				context.getBean(RequestLogWriter.class).awaitDrained(120_000);
				rows = context.getBean(JdbcTemplate.class)
					.queryForObject("SELECT COUNT(*) FROM cfg_grpc_request_log WHERE method_name = 'Ping'", Long.class);
				// Warm-up rows included on both sides: the CPU was read before the load began.
				System.out.printf("(%s) request log writer threads: %.1f us of CPU per row%n", scenario,
						(StorageBench.writerCpuNanos() - writerCpu) / 1e3 / rows);
			}
			return new Row(result, rows);
		}
	}

	/**
	 * Scenario (w): one server as (c), with its HTTP port, called the same way in turn over each
	 * protocol: native gRPC on the gRPC port, then Connect JSON, gRPC-Web and HTTP/JSON on the HTTP
	 * port. The rows are compared with the native one of the same run.
	 */
	private Map<String, Row> web(Duration warm, Duration measured) throws Exception {
		Map<String, Row> rows = new LinkedHashMap<>();
		try (ConfigurableApplicationContext context = startWithHttp()) {
			int grpc = context.getBean(GrpcServerLifecycle.class).getPort();
			String http = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
			byte[] json = "{\"text\":\"ping\"}".getBytes(StandardCharsets.UTF_8);
			byte[] message = PingRequest.newBuilder().setText("ping").build().toByteArray();
			byte[] frame = ByteBuffer.allocate(5 + message.length).put((byte) 0).putInt(message.length).put(message).array();
			Map<String, HttpLoadGenerator> overHttp = new LinkedHashMap<>();
			overHttp.put("w-connect", new HttpLoadGenerator(this.concurrency, http + "/bench.BenchService/Ping",
					"application/json", json, (answer) -> answer.status() == 200));
			overHttp.put("w-grpcweb", new HttpLoadGenerator(this.concurrency, http + "/bench.BenchService/Ping",
					"application/grpc-web+proto", frame, HttpLoadGenerator::grpcWebOk));
			overHttp.put("w-httpjson", new HttpLoadGenerator(this.concurrency, http + "/v1/ping", "application/json",
					json, (answer) -> answer.status() == 200));
			// Whichever protocol came first after native gRPC measured low (a third lower, in any order):
			// the HTTP side's code was still being compiled. Every protocol is warmed before any is measured.
			for (HttpLoadGenerator generator : overHttp.values()) {
				generator.run(warm, Duration.ZERO);
			}
			System.out.println("   HTTP protocols warmed");
			rows.put("w-grpc", new Row(load(grpc, new Metadata(), warm, measured), null));
			System.out.println("   native gRPC done");
			for (Map.Entry<String, HttpLoadGenerator> generator : overHttp.entrySet()) {
				rows.put(generator.getKey(), new Row(generator.getValue().run(warm, measured), null));
				System.out.println("   " + generator.getKey() + " done");
			}
		}
		return rows;
	}

	/**
	 * Scenario (t): one server as (c), with its HTTP port, loaded three times in a row: with no one
	 * watching the live tail, with a watcher reading it (as the admin's live page does), and with no
	 * one again. The watcher counts the events it got and the drops the server told it of.
	 */
	private Map<String, Row> tail(Duration warm, Duration measured) throws Exception {
		Map<String, Row> rows = new LinkedHashMap<>();
		try (ConfigurableApplicationContext context = startWithHttp()) {
			int grpc = context.getBean(GrpcServerLifecycle.class).getPort();
			String http = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
			context.getBean(UserStore.class).createUser("bench-staff", "", "bench-staff-password", true, false);
			// The first load in a JVM runs while the code is still being compiled: one unmeasured first.
			load(grpc, new Metadata(), warm.multipliedBy(2), Duration.ZERO);
			rows.put("t-closed", new Row(load(grpc, new Metadata(), warm, measured), null));
			System.out.println("   no watcher done");
			java.util.concurrent.atomic.AtomicLong events = new java.util.concurrent.atomic.AtomicLong();
			java.util.concurrent.atomic.AtomicLong dropped = new java.util.concurrent.atomic.AtomicLong();
			java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
			java.util.concurrent.CompletableFuture<?> watching = client.sendAsync(
					java.net.http.HttpRequest.newBuilder(java.net.URI.create(http + "/cfg/grpc/monitor/tail/"))
						.header("Authorization", "Basic " + java.util.Base64.getEncoder()
							.encodeToString("bench-staff:bench-staff-password".getBytes(StandardCharsets.UTF_8)))
						.build(),
					java.net.http.HttpResponse.BodyHandlers.ofLines())
				.thenAccept((response) -> response.body().forEach((line) -> {
					if (line.startsWith("data:")) {
						for (int at = line.indexOf("\"requestId\""); at >= 0; at = line.indexOf("\"requestId\"", at + 1)) {
							events.incrementAndGet();
						}
						int at = line.indexOf("\"dropped\":");
						if (at >= 0) {
							dropped.set(Long.parseLong(line.substring(at + 10).replaceAll("[^0-9].*", "")));
						}
					}
				}));
			rows.put("t-open", new Row(load(grpc, new Metadata(), warm, measured), null));
			System.out.printf("   watcher done: %d events received, %d dropped by the server%n", events.get(),
					dropped.get());
			watching.cancel(true);
			rows.put("t-closed#2", new Row(load(grpc, new Metadata(), warm, measured), null));
		}
		return rows;
	}

	/** A server as (c), with its HTTP port: request log off, no token required. */
	private ConfigurableApplicationContext startWithHttp() {
		List<String> arguments = new ArrayList<>(List.of("--spring.main.banner-mode=off", "--logging.level.root=warn",
				"--cfg.secret-key=" + SECRET, "--cfg.grpc.server.port=0", "--cfg.grpc.server.host=127.0.0.1",
				"--server.port=0", "--server.address=127.0.0.1", "--cfg.grpc.logging.enabled=false",
				"--cfg.grpc.auth.require-auth=false", h2()));
		this.properties.forEach((property) -> arguments.add("--" + property));
		return new SpringApplicationBuilder(BenchApplication.class).web(WebApplicationType.SERVLET)
			.run(arguments.toArray(String[]::new));
	}

	private static String token(ConfigurableApplicationContext context) {
		UserStore users = context.getBean(UserStore.class);
		String name = "bench-" + System.nanoTime();
		long id = users.createUser(name, "", "bench", false, false).getId();
		return context.getBean(TokenIssuer.class).accessToken(String.valueOf(id), Duration.ofHours(2));
	}

	private LoadGenerator.Result loadOverTls(TlsFiles tls, int port, Metadata headers, Duration warm,
			Duration measured) throws Exception {
		ManagedChannel channel = io.grpc.Grpc.newChannelBuilderForAddress("127.0.0.1", port,
				io.grpc.TlsChannelCredentials.newBuilder().trustManager(tls.file("ca.crt").toFile()).build())
			.build();
		try {
			return new LoadGenerator(channel, this.concurrency, headers).run(warm, measured);
		}
		finally {
			channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		}
	}

	private LoadGenerator.Result load(int port, Metadata headers, Duration warm, Duration measured)
			throws InterruptedException {
		ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
		try {
			return new LoadGenerator(channel, this.concurrency, headers).run(warm, measured);
		}
		finally {
			channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		}
	}

	private static String h2() {
		return "--spring.datasource.url=jdbc:h2:mem:bench-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
	}

	private static String describe(String scenario) {
		return switch (scenario) {
			case "a" -> "bare grpc-java server, no Spring";
			case "b" -> "plain Spring Boot 4.1 gRPC, without cfg-grpc's "
					+ CFG_AUTO_CONFIGURATIONS.split(",").length + " auto-configurations";
			case "c" -> "cfg-grpc pipeline, request log off, no token required";
			case "f" -> "the same as (c) with request validation off";
			case "h" -> "the same as (c) over TLS (a P-256 certificate made by openssl)";
			case "g" -> "the same as (c) without Boot's observation of calls: no spans, no trace ids";
			case "r" -> "the same as (c) with rate limits on, one caller under its rate: (r)/(c) is their cost";
			case "d" -> "cfg-grpc in full: JWT required, request log on H2, metrics";
			case "e" -> "cfg-grpc in full on PostgreSQL";
			case "i" -> "the same as (d) with the request log off: (d)/(i) and (e)/(i) are the log's own cost";
			case "j" -> "the same as (e) with the request log off: (e)/(j) is the log's own cost on PostgreSQL";
			case "t" -> "the same as (c) with its HTTP port: no live-tail watcher, one watcher reading, none again";
			case "w" -> "the same as (c) with its HTTP port: native gRPC, then Connect JSON, gRPC-Web and HTTP/JSON "
					+ "(POST /v1/ping) of the same method, each over HTTP/1.1";
			default -> "?";
		};
	}

	private void print(Map<String, Row> rows, Duration warm, Duration measured) {
		Row base = rows.get("b");
		System.out.println();
		System.out.printf("concurrency %d, warm-up %s, measured %s, %d cores, Java %s%n", this.concurrency, warm, measured,
				Runtime.getRuntime().availableProcessors(), Runtime.version());
		System.out.printf("%-3s %10s %9s %9s %9s %9s %8s %9s %12s %14s  %s%n", "", "QPS", "p50 ms", "p90 ms", "p99 ms",
				"max ms", "QPS/(b)", "p99/(b)", "calls", "log rows", "status codes");
		rows.forEach((name, row) -> {
			LoadGenerator.Result r = row.result();
			String qpsRatio = (base != null) ? String.format("%.2f", r.qps() / base.result().qps()) : "-";
			String p99Ratio = (base != null) ? String.format("%.2f", r.p99() / base.result().p99()) : "-";
			System.out.printf("%-3s %10.0f %9.2f %9.2f %9.2f %9.2f %8s %9s %12d %14s  %s%n", "(" + name + ")", r.qps(),
					r.p50(), r.p90(), r.p99(), r.max(), qpsRatio, p99Ratio, r.calls(),
					(row.logRows() != null) ? row.logRows() + (row.logRows() == r.calls() ? " (all)" : " (MISSING)") : "-",
					r.codes());
		});
		Row nativeGrpc = rows.get("w-grpc");
		if (nativeGrpc != null) {
			rows.forEach((name, row) -> {
				if (name.startsWith("w-") && row != nativeGrpc) {
					System.out.printf("(%s)/(w-grpc): QPS %.2f, p99 %.2f%n", name, row.result().qps() / nativeGrpc.result().qps(),
							row.result().p99() / nativeGrpc.result().p99());
				}
			});
		}
	}

	private record Row(LoadGenerator.Result result, Long logRows) {
	}

}
