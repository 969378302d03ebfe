package dev.cfg.grpc.log;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.cfg.grpc.cli.Commands;
import dev.cfg.grpc.testapp.RunningServer;
import dev.cfg.grpc.testapp.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

class RequestLogRetentionTest {

	@Test
	void recordsOlderThanTheRetentionAreDeletedInBatchesAndNewerOnesKept() {
		try (RunningServer server = RunningServer.start()) {
			JdbcTemplate jdbc = server.context().getBean(JdbcTemplate.class);
			insert(jdbc, 12_000, Instant.now().minus(Duration.ofDays(40)));
			insert(jdbc, 10, Instant.now().minus(Duration.ofDays(2)));
			long deleted = server.context().getBean(RequestLogRetention.class).deleteOlderThan(Duration.ofDays(30));
			assertThat(deleted).isEqualTo(12_000);
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM cfg_grpc_request_log WHERE method_name = 'Old'",
					Integer.class)).isEqualTo(10);
		}
	}

	@Test
	void cleanupLogsDeletesWithTheGivenAge(@TempDir Path dir) {
		String url = "jdbc:h2:file:" + dir.resolve("db") + ";AUTO_SERVER=TRUE";
		try (RunningServer server = RunningServer.start("spring.datasource.url=" + url)) {
			JdbcTemplate jdbc = server.context().getBean(JdbcTemplate.class);
			insert(jdbc, 7, Instant.now().minus(Duration.ofDays(8)));
			insert(jdbc, 3, Instant.now().minus(Duration.ofDays(1)));
		}
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int code = Commands.execute(TestApplication.class, new PrintWriter(out, true), new PrintWriter(err, true),
				"cleanup-logs", "--older-than", "7d", "--spring.datasource.url=" + url);
		assertThat(code).as(err.toString()).isZero();
		assertThat(out.toString()).contains("Deleted 7 request log records older than 7d 0h.");
	}

	private static void insert(JdbcTemplate jdbc, int count, Instant createdAt) {
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			rows.add(new Object[] { UUID.randomUUID().toString(), Timestamp.from(createdAt), Timestamp.from(createdAt) });
		}
		jdbc.batchUpdate("INSERT INTO cfg_grpc_request_log (request_id, service_name, method_name, full_method, "
				+ "method_type, status, grpc_status_code, duration_ms, created_at, completed_at) "
				+ "VALUES (?, 'x.Old', 'Old', 'x.Old/Old', 'UNARY', 'success', 'OK', 1, ?, ?)", rows);
	}

}
