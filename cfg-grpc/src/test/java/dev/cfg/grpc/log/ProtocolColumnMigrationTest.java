package dev.cfg.grpc.log;

import java.sql.Timestamp;
import java.time.Instant;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.cfg.grpc.schema.CfgSchemaAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migration V10 on H2 with rows already in the log: they say {@code grpc}, the only way calls came
 * before the column existed, and a row written without naming the protocol gets it too. (On
 * PostgreSQL, {@code PartitionedLogTest} migrates a log with rows through V10.)
 */
class ProtocolColumnMigrationTest {

	@Test
	void rowsFromBeforeTheColumnWereGrpcCalls() {
		DriverManagerDataSource database = new DriverManagerDataSource(
				"jdbc:h2:mem:protocol-migration;DB_CLOSE_DELAY=-1", "sa", "");
		JdbcTemplate jdbc = new JdbcTemplate(database);
		flyway(database, "9").migrate();
		insert(jdbc, "before");
		flyway(database, "latest").migrate();
		insert(jdbc, "after");
		assertThat(jdbc.queryForList("SELECT request_id || ' ' || protocol FROM cfg_grpc_request_log ORDER BY id",
				String.class)).containsExactly("before grpc", "after grpc");
	}

	private static Flyway flyway(DriverManagerDataSource database, String target) {
		return Flyway.configure()
			.dataSource(database)
			.locations(CfgSchemaAutoConfiguration.LOCATION, CfgSchemaAutoConfiguration.H2_LOCATION)
			.table(CfgSchemaAutoConfiguration.HISTORY_TABLE)
			.target(target)
			.load();
	}

	private static void insert(JdbcTemplate jdbc, String requestId) {
		Timestamp now = Timestamp.from(Instant.now());
		jdbc.update("INSERT INTO cfg_grpc_request_log (request_id, service_name, method_name, full_method, "
				+ "method_type, status, grpc_status_code, duration_ms, created_at, completed_at) "
				+ "VALUES (?, 's', 'm', 's/m', 'UNARY', 'success', 'OK', 1, ?, ?)", requestId, now, now);
	}

}
