package dev.cfg.grpc.log;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.cfg.grpc.pipeline.CallOutcome;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The column list is the table: every column the migrations make (but the generated id) is in it
 * once, and a record written by the writer reads back through the query API as it was, null and
 * non-numeric user ids, text that needs escaping and bodies included. No server, no Spring context.
 */
class RequestLogColumnTest {

	@Test
	void theListIsTheTablesColumns() {
		JdbcTemplate jdbc = WriterShutdownTest.migratedDatabase("log-columns");
		Set<String> table = new TreeSet<>(jdbc.queryForList("SELECT LOWER(column_name) FROM information_schema.columns "
				+ "WHERE LOWER(table_name) = 'cfg_grpc_request_log'", String.class));
		table.remove("id");
		assertThat(Stream.of(RequestLogColumn.values()).map(RequestLogColumn::sql)).containsExactlyInAnyOrderElementsOf(table);
	}

	@Test
	void aRecordReadsBackAsItWasWritten() throws Exception {
		JdbcTemplate jdbc = WriterShutdownTest.migratedDatabase("log-columns-round-trip");
		Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		RequestLogRecord written = RequestLogRecord.builder()
			.requestId("0190aaaa-0000-7000-8000-000000000001")
			.serviceName("round.Trip")
			.methodName("Call")
			.fullMethod("round.Trip/Call")
			.methodType("SERVER_STREAMING")
			.requestSize(12)
			.responseSize(3_000_000_000L)
			.requestCount(1)
			.responseCount(7)
			.requestData("{\"text\":\"tab\\there\"}")
			.responseData("{\"line\":\"a\\nb\"}")
			.outcome(CallOutcome.TIMEOUT)
			.grpcStatusCode("DEADLINE_EXCEEDED")
			.errorMessage("Deadline exceeded")
			.errorDetails("java.util.concurrent.TimeoutException: slow\n[{\"@type\":\"x\"}]")
			.durationMs(1500)
			.userId("42")
			.username("ann")
			.authenticated(true)
			.apiKeyPrefix("ck_abc")
			.clientIp("203.0.113.9")
			.userAgent("grpc-java/1.84 \\ odd")
			.peer("/203.0.113.9:50000")
			.instanceId("host-1")
			.traceId("0af7651916cd43dd8448eb211c80319c")
			.spanId("b7ad6b7169203331")
			.parentRequestId("0190aaaa-0000-7000-8000-000000000000")
			.createdAt(created)
			.completedAt(created.plus(Duration.ofMillis(1500)))
			.build();
		RequestLogRecord nonNumericUser = RequestLogRecord.builder()
			.requestId("0190aaaa-0000-7000-8000-000000000002")
			.serviceName("round.Trip")
			.methodName("Call")
			.fullMethod("round.Trip/Call")
			.methodType("UNARY")
			.outcome(CallOutcome.SUCCESS)
			.grpcStatusCode("OK")
			.userId("user-" + "x".repeat(3).toUpperCase(Locale.ROOT))
			.username("ldap-user")
			.authenticated(true)
			.createdAt(created)
			.completedAt(created)
			.build();
		RequestLogWriter writer = new RequestLogWriter(jdbc, 10, 10, (nanos) -> {
		});
		writer.start();
		try {
			writer.offer(written);
			writer.offer(nonNumericUser);
			assertThat(writer.awaitDrained(60_000)).isTrue();
		}
		finally {
			writer.stop();
		}
		RequestLog log = new RequestLog(jdbc);
		assertThat(log.get(written.requestId())).get().usingRecursiveComparison().isEqualTo(written);
		assertThat(log.get(nonNumericUser.requestId())).get()
			.satisfies((read) -> assertThat(read.userId()).as("stored as null: not a number").isNull())
			.satisfies((read) -> assertThat(read.username()).isEqualTo("ldap-user"));
	}

}
