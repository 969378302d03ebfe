package dev.cfg.grpc.log;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.cfg.grpc.schema.CfgSchemaAutoConfiguration;
import dev.cfg.grpc.testapp.PostgresAvailable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request log on PostgreSQL, partitioned by day: an existing table at version 7 with rows is
 * migrated without losing one, and retention drops whole days. Each test has a schema of its own.
 */
@ExtendWith(PostgresAvailable.class)
class PartitionedLogTest {

	private static final String SCHEMA = "cfg_partition_test";

	private JdbcTemplate jdbc;

	private DriverManagerDataSource dataSource;

	@BeforeEach
	void freshSchemaAtVersion7() {
		JdbcTemplate admin = new JdbcTemplate(new DriverManagerDataSource(PostgresAvailable.URL, PostgresAvailable.USER,
				PostgresAvailable.PASSWORD));
		admin.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
		admin.execute("CREATE SCHEMA " + SCHEMA);
		this.dataSource = new DriverManagerDataSource(PostgresAvailable.URL + "?currentSchema=" + SCHEMA,
				PostgresAvailable.USER, PostgresAvailable.PASSWORD);
		this.jdbc = new JdbcTemplate(this.dataSource);
		flyway("7").migrate();
	}

	@AfterEach
	void dropSchema() {
		this.jdbc.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
	}

	private Flyway flyway(String target) {
		return Flyway.configure()
			.dataSource(this.dataSource)
			.schemas(SCHEMA)
			.locations(CfgSchemaAutoConfiguration.LOCATION, CfgSchemaAutoConfiguration.POSTGRESQL_LOCATION)
			.table(CfgSchemaAutoConfiguration.HISTORY_TABLE)
			.target(target)
			.load();
	}

	@Test
	void anUnpartitionedLogIsMigratedWithEveryRowAndNewCallsGoOnBeingWritten() {
		Instant now = Instant.now();
		insert("old-1", now.minus(3, ChronoUnit.DAYS));
		insert("old-2", now.minus(2, ChronoUnit.DAYS));
		insert("today", now);
		assertThat(partitioned()).isFalse();
		flyway("latest").migrate();
		assertThat(partitioned()).isTrue();
		assertThat(this.jdbc.queryForList("SELECT request_id FROM cfg_grpc_request_log ORDER BY id", String.class))
			.containsExactly("old-1", "old-2", "today");
		assertThat(this.jdbc.queryForList("SELECT DISTINCT protocol FROM cfg_grpc_request_log", String.class))
			.as("rows from before the protocol column were gRPC calls").containsExactly("grpc");
		LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
		assertThat(partitions()).contains(LogPartitions.name(today.minusDays(3)), LogPartitions.name(today),
				LogPartitions.name(today.plusDays(2)));
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM " + LogPartitions.name(today.minusDays(3)),
				Integer.class)).isOne();
		// Ids go on after the moved rows.
		insert("new", now);
		assertThat(this.jdbc.queryForObject("SELECT id FROM cfg_grpc_request_log WHERE request_id = 'new'", Long.class))
			.isGreaterThan(this.jdbc.queryForObject(
					"SELECT id FROM cfg_grpc_request_log WHERE request_id = 'today'", Long.class));
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM cfg_grpc_request_log_default", Integer.class)).isZero();
	}

	@Test
	void retentionDropsWholeDaysAndDeletesTheRestRowByRow() {
		Instant now = Instant.now();
		for (int i = 0; i < 50; i++) {
			insert("old-" + i, now.minus(5, ChronoUnit.DAYS));
			insert("older-" + i, now.minus(4, ChronoUnit.DAYS));
		}
		insert("recent", now.minus(1, ChronoUnit.HOURS));
		flyway("latest").migrate();
		LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
		RequestLogRetention retention = new RequestLogRetention(this.jdbc, Duration.ofDays(3), Clock.systemUTC());
		assertThat(retention.deleteOlderThan(Duration.ofDays(3))).isEqualTo(100);
		assertThat(partitions()).doesNotContain(LogPartitions.name(today.minusDays(5)),
				LogPartitions.name(today.minusDays(4)))
			.contains(LogPartitions.name(today), LogPartitions.name(today.plusDays(2)));
		assertThat(this.jdbc.queryForList("SELECT request_id FROM cfg_grpc_request_log", String.class))
			.containsExactly("recent");
	}

	private boolean partitioned() {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM pg_partitioned_table t JOIN pg_class c "
				+ "ON c.oid = t.partrelid WHERE c.relname = 'cfg_grpc_request_log' "
				+ "AND c.relnamespace = to_regnamespace(current_schema())::oid", Integer.class) > 0;
	}

	private List<String> partitions() {
		return this.jdbc.queryForList("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
				+ "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'cfg_grpc_request_log' "
				+ "AND p.relnamespace = to_regnamespace(current_schema())::oid", String.class);
	}

	private void insert(String requestId, Instant at) {
		this.jdbc.update("INSERT INTO cfg_grpc_request_log (request_id, service_name, method_name, full_method, "
				+ "method_type, status, grpc_status_code, duration_ms, created_at, completed_at) "
				+ "VALUES (?, 's', 'm', 's/m', 'UNARY', 'success', 'OK', 1, ?, ?)", requestId, Timestamp.from(at),
				Timestamp.from(at));
	}

}
