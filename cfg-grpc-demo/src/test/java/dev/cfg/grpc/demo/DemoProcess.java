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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo's fat jar run as a user would, in a folder of its own: its ports, its file-based H2
 * database, the commands beside it, and the buf CLI to call it.
 */
final class DemoProcess {

	private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

	/** The shared demo's output. */
	static final String LOG = "demo.log";

	private static DemoProcess shared;

	/** The demo that is running, or null; one test class may stop it and start another. */
	volatile Process process;

	final Path work;

	final int grpcPort;

	final int httpPort;

	/** The demo's own database URL, ./data/demo in its working directory. */
	final Path database;

	final Path buf;

	/** Tokens minted so far, by username. */
	private final Map<String, String> tokens = new ConcurrentHashMap<>();

	/**
	 * The demo the end-to-end test classes of this module share, started once in their JVM (a start
	 * of the fat jar costs seconds) in a folder of its own; stopped with the JVM if a class has not
	 * stopped it.
	 */
	static synchronized DemoProcess shared() throws Exception {
		if (shared == null) {
			DemoProcess started = new DemoProcess(Files.createTempDirectory("cfg-grpc-demo-jar"));
			started.process = started.start(LOG);
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				Process running = started.process;
				if (running != null && running.isAlive()) {
					running.destroy();
				}
			}));
			shared = started;
		}
		return shared;
	}

	DemoProcess(Path work) throws Exception {
		this.work = work;
		this.buf = installBuf();
		this.grpcPort = freePort();
		this.database = work.resolve("data/demo");
		this.httpPort = freePort();
	}

	/** Starts the demo jar in the work folder and waits until it serves; it is then the running demo. */
	Process start(String logName) throws Exception {
		Path log = work.resolve(logName);
		Process started = java(log, "--port", String.valueOf(grpcPort), "--server.port=" + httpPort);
		await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> {
			assertThat(started.isAlive()).as("the demo exited: " + Files.readString(log)).isTrue();
			return bufCurl("--list-services").output().contains("api.users.UserService");
		});
		this.process = started;
		return started;
	}

	/**
	 * The demo's database: through the server's H2 TCP port while it runs (the port file it writes
	 * is how commands find it), the file itself once it has stopped.
	 */
	Connection openDatabase(Process demo) throws Exception {
		Path portFile = work.resolve("data/demo.tcp-port");
		if (demo.isAlive()) {
			assertThat(portFile).as("the running demo says where it serves its database").exists();
			return DriverManager.getConnection(
					"jdbc:h2:tcp://127.0.0.1:" + Files.readString(portFile).trim() + "/" + database, "sa", "");
		}
		assertThat(portFile).as("a demo that stopped cleanly removes its port file").doesNotExist();
		return DriverManager.getConnection("jdbc:h2:file:" + database, "sa", "");
	}

	/**
	 * An access token for a demo user, minted by the jar's {@code token} command once per user (its
	 * hour-long token outlives the tests that use it; each command is a JVM start).
	 */
	String tokenFor(String username) throws Exception {
		String minted = this.tokens.get(username);
		if (minted == null) {
			minted = mintToken(username);
			this.tokens.put(username, minted);
		}
		return minted;
	}

	private String mintToken(String username) throws Exception {
		Path log = work.resolve("token-" + username + ".log");
		Process token = java(log, "token", "--user", username);
		assertThat(token.waitFor(120, TimeUnit.SECONDS)).isTrue();
		String output = Files.readString(log);
		assertThat(token.exitValue()).as(output).isZero();
		return output.lines().filter((line) -> line.matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+")).findFirst().orElseThrow();
	}

	/** A JDK of version 21 or newer installed beside the one running the tests, if any. */
	static Path newerJava() throws IOException {
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

	String url(String method) {
		return "http://127.0.0.1:" + grpcPort + "/" + method;
	}

	/** A method's URL on the HTTP port, where gRPC-Web and Connect are served. */
	String httpUrl(String method) {
		return "http://127.0.0.1:" + httpPort + "/" + method;
	}

	/**
	 * buf curl over a protocol of the HTTP port, with the protos the demo serves at
	 * /cfg/grpc/schema.binpb, as README does (buf cannot ask for them by reflection there:
	 * reflection streams both ways, which HTTP/1.1 cannot).
	 */
	Result bufCurlOver(String protocol, String... args) throws Exception {
		List<String> all = new ArrayList<>(List.of("--protocol", protocol, "--schema", schema().toString()));
		all.addAll(List.of(args));
		return run(all);
	}

	/**
	 * Debian's curl on the HTTP port.
	 * @param path the path, after the port
	 * @param args curl's options
	 * @return the HTTP status (as the exit code) and the body
	 */
	Result curl(String path, String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of("curl", "-s", "-w", "\n%{http_code}"));
		command.addAll(List.of(args));
		command.add("http://127.0.0.1:" + httpPort + path);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		int newline = output.lastIndexOf('\n');
		return new Result(Integer.parseInt(output.substring(newline + 1).strip()), output.substring(0, newline));
	}

	/** The demo's compiled protos, downloaded once, anonymously, from its HTTP port. */
	private Path schema() throws Exception {
		Path schema = work.resolve("demo.binpb");
		if (!Files.exists(schema)) {
			HttpResponse<Path> download = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/cfg/grpc/schema.binpb")).build(),
						HttpResponse.BodyHandlers.ofFile(schema));
			assertThat(download.statusCode()).isEqualTo(200);
		}
		return schema;
	}

	Process java(Path log, String... args) throws IOException {
		List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", System.getProperty("demo.jar")));
		command.addAll(List.of(args));
		return new ProcessBuilder(command).directory(work.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
	}

	static String javaBinary() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	Result bufCurl(String... args) throws Exception {
		List<String> all = new ArrayList<>(List.of("--protocol", "grpc", "--http2-prior-knowledge"));
		all.addAll(List.of(args));
		if (args.length == 0 || args[args.length - 1].startsWith("-") || !args[args.length - 1].startsWith("http")) {
			all.add("http://127.0.0.1:" + grpcPort);
		}
		return run(all);
	}

	private Result run(List<String> args) throws Exception {
		List<String> command = new ArrayList<>(List.of(buf.toString(), "curl"));
		command.addAll(args);
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

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	record Result(int exitCode, String output) {
	}

	/** Stops the demo with SIGTERM, as an operator would, and keeps the logs. */
	void stop(Process demo) throws Exception {
		if (demo != null && demo.isAlive()) {
			demo.destroy();
			assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as("the demo stops on SIGTERM").isTrue();
		}
		keepLogs();
	}

	/** Keeps the demo's and the commands' output in target/ to read after a failure. */
	void keepLogs() throws Exception {
		Path kept = Path.of("target/demo-jar-logs");
		Files.createDirectories(kept);
		try (var logs = Files.list(this.work)) {
			for (Path log : logs.filter((file) -> file.toString().endsWith(".log")).toList()) {
				Files.copy(log, kept.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
			}
		}
	}

}
