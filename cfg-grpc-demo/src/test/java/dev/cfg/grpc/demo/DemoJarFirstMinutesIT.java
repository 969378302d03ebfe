package dev.cfg.grpc.demo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new user's first minutes with the demo jar, in a folder of its own: a clean start says nothing
 * it would have to worry about, and a setting with a value that is not allowed stops the start at
 * once, in a few lines that name the key, before a port is opened or the database is made. Runs
 * first of the end-to-end classes, so the shared demo's log is its start and nothing more.
 */
@Order(0)
class DemoJarFirstMinutesIT extends SharedDemo {

	/** A bracket holding nothing but blanks: Boot's place for trace ids on a line without a trace. */
	private static final Pattern EMPTY_BRACKET = Pattern.compile("\\[\\s*\\]");

	@Test
	void aCleanStartLogsNoWarningNoErrorAndNoEmptyTraceBracket() throws IOException {
		List<String> lines = Files.readAllLines(work.resolve(demoLog));
		assertThat(lines).as("the demo's start").isNotEmpty();
		assertThat(lines).filteredOn((line) -> line.contains(" WARN ") || line.contains(" ERROR ")).isEmpty();
		assertThat(lines).filteredOn((line) -> EMPTY_BRACKET.matcher(line).find()).isEmpty();
		assertThat(String.join("\n", lines)).contains("Started DemoApplication");
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			cfg.grpc.server.port                      | 70000   | an integer from 1024 to 65535
			cfg.grpc.server.max-receive-message-length | 4QB     | a size such as 4MB
			cfg.grpc.auth.access-token-lifetime       | soon    | a duration such as 500ms
			cfg.grpc.auth.jwt-algorithm               | RS999   | HS256
			cfg.grpc.server.trusted-proxies           | 10.0.0.0/99 | 10.0.0.0/99
			cfg.grpc.server.enable-reflection         | maybe   | true or false
			cfg.grpc.logging.sample-rate              | 2       | a number from 0.0 to 1.0
			""")
	void aBadValueStopsTheStartInAFewLinesBeforeAnyPortOrDatabase(String key, String value, String allowed,
			@TempDir Path folder) throws Exception {
		int grpcPort = DemoProcess.freePort();
		int httpPort = DemoProcess.freePort();
		List<String> command = new ArrayList<>(List.of(DemoProcess.javaBinary(), "-jar", System.getProperty("demo.jar"),
				"rungrpc", "--server.port=" + httpPort, "--" + key + "=" + value));
		if (!key.equals("cfg.grpc.server.port")) {
			command.add("--cfg.grpc.server.port=" + grpcPort);
		}
		Path log = folder.resolve("start.log");
		Process start = new ProcessBuilder(command).directory(folder.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		// Until it exits, nothing may answer on either port.
		boolean answered = false;
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
		while (start.isAlive() && System.nanoTime() < deadline) {
			answered |= answers(grpcPort) || answers(httpPort);
			start.waitFor(50, TimeUnit.MILLISECONDS);
		}
		assertThat(start.waitFor(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS)).as("the start ended").isTrue();
		List<String> lines = Files.readAllLines(log);
		String output = String.join("\n", lines);
		assertThat(start.exitValue()).as(output).isOne();
		assertThat(answered).as("a port answered: " + output).isFalse();
		// Spring Boot's report of what failed and what to do, then the command's last line.
		assertThat(lines.stream().filter((line) -> !line.isBlank())).as(output).hasSizeLessThanOrEqualTo(10);
		assertThat(output).contains(key).contains(value).contains(allowed)
			.doesNotContain(" WARN ")
			.doesNotContain("\tat ")
			.doesNotContain("Exception");
		try (var made = Files.list(folder)) {
			assertThat(made.map((file) -> file.getFileName().toString())).as("files the start made")
				.containsExactly("start.log");
		}
	}

	private static boolean answers(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 50);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
