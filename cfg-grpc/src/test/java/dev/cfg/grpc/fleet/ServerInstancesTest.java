package dev.cfg.grpc.fleet;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.cfg.grpc.pipeline.ServerInstance;
import dev.cfg.grpc.testapp.Calls;
import dev.cfg.grpc.testapp.RunningServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The instance table on a real server and an H2 file. A process killed with SIGKILL leaves its row
 * {@code running} with a heartbeat that no longer moves; the tests leave the same behind by setting
 * a cleanly stopped row back to {@code running} (the demo jar's test kills a real process).
 */
@ExtendWith(OutputCaptureExtension.class)
class ServerInstancesTest {

	@Test
	void aServerKeepsItsRowStampsItsCallsAndMarksItselfStoppedAfterTheLogIsWritten(@TempDir Path dir) {
		String url = "jdbc:h2:file:" + dir.resolve("db");
		ServerInstance self;
		try (RunningServer server = RunningServer.start("spring.datasource.url=" + url, "spring.datasource.username=sa")) {
			self = server.context().getBean(ServerInstance.class);
			InstanceRecord row = server.context().getBean(ServerInstances.class).get(self.id()).orElseThrow();
			assertThat(row.state()).isEqualTo(InstanceState.RUNNING);
			assertThat(row.grpcPort()).isEqualTo(server.port());
			assertThat(row.pid()).isEqualTo(ProcessHandle.current().pid());
			assertThat(row.stoppedAt()).isNull();
			for (int i = 0; i < 5; i++) {
				Calls.echo(server.channel()).echo(Calls.request("hello " + i));
			}
		}
		JdbcTemplate jdbc = database(url);
		// Stopped after the writer: every call of the instance is in the log when its row says stopped.
		assertThat(jdbc.queryForObject("SELECT state FROM cfg_grpc_server_instance WHERE id = ?", String.class,
				self.id())).isEqualTo("stopped");
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM cfg_grpc_request_log WHERE instance_id = ? "
				+ "AND method_name = 'Echo'", Integer.class, self.id())).isEqualTo(5);
	}

	@Test
	void anInstanceWhoseHeartbeatStoppedIsReportedOnceWithItsLastLoggedCall(@TempDir Path dir, CapturedOutput output) {
		String url = "jdbc:h2:file:" + dir.resolve("db");
		String killed;
		String lastCall;
		try (RunningServer first = RunningServer.start("spring.datasource.url=" + url, "spring.datasource.username=sa")) {
			killed = first.context().getBean(ServerInstance.class).id();
			for (int i = 0; i < 3; i++) {
				Calls.echo(first.channel()).echo(Calls.request("before the kill " + i));
			}
		}
		JdbcTemplate jdbc = database(url);
		lastCall = jdbc.queryForObject("SELECT request_id FROM cfg_grpc_request_log WHERE instance_id = ? "
				+ "ORDER BY created_at DESC, id DESC FETCH FIRST 1 ROW ONLY", String.class, killed);
		Instant lastHeartbeat = Instant.now().minus(Duration.ofMinutes(3));
		jdbc.update("UPDATE cfg_grpc_server_instance SET state = 'running', stopped_at = NULL, heartbeat_at = ? "
				+ "WHERE id = ?", Timestamp.from(lastHeartbeat), killed);
		try (RunningServer next = RunningServer.start("spring.datasource.url=" + url, "spring.datasource.username=sa",
				"cfg.grpc.fleet.heartbeat-interval=1s", "cfg.grpc.fleet.stale-after=2s")) {
			ServerInstances instances = next.context().getBean(ServerInstances.class);
			Awaitility.await()
				.atMost(Duration.ofSeconds(30))
				.until(() -> instances.get(killed).orElseThrow().state() == InstanceState.LOST);
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains(lastCall));
			String report = output.getOut()
				.lines()
				.filter((line) -> line.contains("Server instance " + killed))
				.findFirst()
				.orElseThrow();
			assertThat(report).contains("WARN", "stopped without a clean shutdown",
					"between its last heartbeat at " + instances.get(killed).orElseThrow().heartbeatAt(),
					"Its last call in the request log is " + lastCall,
					"calls it answered after that may be missing from the log");
			assertThat(instances.get(killed).orElseThrow().stoppedAt()).isNotNull();
			assertThat(instances.list()).extracting(InstanceRecord::state)
				.containsExactly(InstanceState.RUNNING, InstanceState.LOST);
		}
		assertThat(output.getOut().lines().filter((line) -> line.contains("Server instance " + killed)))
			.as("reported once").hasSize(1);
	}

	@Test
	void anInstanceSaidToServeThePortThisServerBoundIsReportedAtOnce(@TempDir Path dir, CapturedOutput output)
			throws Exception {
		String url = "jdbc:h2:file:" + dir.resolve("db");
		int port = freePort();
		String killed;
		try (RunningServer first = RunningServer.start("spring.datasource.url=" + url, "spring.datasource.username=sa", "cfg.grpc.server.port=" + port)) {
			killed = first.context().getBean(ServerInstance.class).id();
		}
		// Killed a moment ago: its heartbeat is still fresh, so only the port tells it is gone.
		database(url).update("UPDATE cfg_grpc_server_instance SET state = 'running', stopped_at = NULL, "
				+ "heartbeat_at = ? WHERE id = ?", Timestamp.from(Instant.now()), killed);
		try (RunningServer next = RunningServer.start("spring.datasource.url=" + url, "spring.datasource.username=sa", "cfg.grpc.server.port=" + port)) {
			assertThat(next.context().getBean(ServerInstances.class).get(killed).orElseThrow().state())
				.isEqualTo(InstanceState.LOST);
			assertThat(output.getOut()).contains("Server instance " + killed, "gRPC port " + port,
					"None of its calls is in the request log");
		}
	}

	@Test
	void amongInstancesLookingAtOnceEachLostRowIsClaimedByOne(@TempDir Path dir) throws Exception {
		String url = "jdbc:h2:file:" + dir.resolve("db");
		String killed;
		try (RunningServer first = RunningServer.start("spring.datasource.url=" + url, "spring.datasource.username=sa")) {
			killed = first.context().getBean(ServerInstance.class).id();
		}
		JdbcTemplate jdbc = database(url);
		jdbc.update("UPDATE cfg_grpc_server_instance SET state = 'running', heartbeat_at = ? WHERE id = ?",
				Timestamp.from(Instant.now().minus(Duration.ofHours(1))), killed);
		List<ServerInstances> fleet = List.of(new ServerInstances(jdbc, Clock.systemUTC()),
				new ServerInstances(jdbc, Clock.systemUTC()), new ServerInstances(jdbc, Clock.systemUTC()),
				new ServerInstances(jdbc, Clock.systemUTC()));
		ConcurrentHashMap<String, Integer> claims = new ConcurrentHashMap<>();
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(fleet.size());
		for (ServerInstances instances : fleet) {
			threads.submit(() -> {
				go.await();
				instances.claimStale(Instant.now().minus(Duration.ofMinutes(1)))
					.forEach((row) -> claims.merge(row.id(), 1, Integer::sum));
				return null;
			});
		}
		go.countDown();
		threads.shutdown();
		assertThat(threads.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
		assertThat(claims).containsExactly(java.util.Map.entry(killed, 1));
	}

	private static JdbcTemplate database(String url) {
		return new JdbcTemplate(new DriverManagerDataSource(url, "sa", ""));
	}

	private static int freePort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
