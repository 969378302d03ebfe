package dev.cfg.grpc.log;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.cfg.grpc.testapp.Calls;
import dev.cfg.grpc.testapp.RunningServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A call whose end is still being observed as the application stops (its thread descheduled while
 * the observers run, as on a busy machine) is still written before the writer's last drain. The
 * end-to-end SIGTERM test once lost a record that way under load, when observers ran after the
 * answer had left; they now run before it, and the request log's observer still waits for calls
 * whose end it has not seen (cancellations are observed when the server hears of them).
 */
class LateCompletionTest {

	@Test
	void aCallThatEndsAfterTheServerStoppedIsStillInTheLog(@TempDir Path dir) {
		String url = "jdbc:h2:file:" + dir.resolve("db");
		try (RunningServer server = RunningServer.start("spring.datasource.url=" + url, "spring.datasource.username=sa",
				"test.slow-observer=true")) {
			assertThat(Calls.echo(server.channel()).echo(Calls.request("late")).getText()).isEqualTo("late");
			// Closed at once: the end of the call is still being observed.
		}
		JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(url, "sa", ""));
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM cfg_grpc_request_log WHERE method_name = 'Echo'",
				Integer.class)).isOne();
	}

}
