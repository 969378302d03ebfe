package dev.cfg.grpc.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.cfg.grpc.log.RequestLogWriter;
import dev.cfg.grpc.test.echo.EchoReply;
import dev.cfg.grpc.test.echo.EchoRequest;
import dev.cfg.grpc.test.echo.EchoServiceGrpc;
import dev.cfg.grpc.testapp.Calls;
import dev.cfg.grpc.testapp.RunningServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Method names are chosen by clients. Calls to names the server does not have, of any length and
 * shape, are answered UNIMPLEMENTED with a request id and logged, and they cost one metric label
 * and one totals row however many names are made up.
 */
class ClientChosenNamesTest {

	private static final Metadata.Key<String> REQUEST_ID = Metadata.Key.of("x-request-id",
			Metadata.ASCII_STRING_MARSHALLER);

	static RunningServer server;

	static JdbcTemplate jdbc;

	@BeforeAll
	static void start() {
		server = RunningServer.start();
		jdbc = server.context().getBean(JdbcTemplate.class);
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void twoThousandMadeUpMethodsCostOneLabelAndOneTotalsRowAndAreAllLogged() throws Exception {
		MeterRegistry meters = server.context().getBean(MeterRegistry.class);
		Calls.echo(server.channel()).echo(Calls.request("known"));
		int labelsBefore = labels(meters);
		for (int i = 0; i < 2000; i++) {
			String name = "rnd" + UUID.randomUUID().toString().replace("-", "") + ".S/M" + i;
			assertThat(call(name).status().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
		}
		awaitLogged("SELECT COUNT(*) FROM cfg_grpc_request_log WHERE full_method LIKE 'rnd%'", 2000);
		assertThat(labels(meters) - labelsBefore).as("new grpc.method labels").isLessThanOrEqualTo(1);
		assertThat(meters.get("grpc.server.call.started").tag("grpc.method", "unknown").counter().count())
			.isGreaterThanOrEqualTo(2000);
		assertThat(jdbc.queryForList("SELECT DISTINCT service_name FROM cfg_grpc_request_minute", String.class))
			.as("services in the per-minute totals").containsExactlyInAnyOrder("cfg.test.EchoService", "unknown");
		assertThat(jdbc.queryForObject("SELECT SUM(total) FROM cfg_grpc_request_hour WHERE service_name = 'unknown' "
				+ "AND method_name = 'unknown'", Long.class)).isGreaterThanOrEqualTo(2000);
	}

	@Test
	void aNameLongerThanItsColumnIsLoggedCutToIt() throws Exception {
		String name = "long.Service/" + "M".repeat(300);
		Answer answer = call(name);
		assertThat(answer.status().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
		assertThat(answer.requestId()).isNotNull();
		Map<String, Object> row = awaitRow(answer.requestId());
		assertThat((String) row.get("METHOD_NAME")).hasSize(200).startsWith("MMM");
		assertThat(row.get("FULL_METHOD")).isEqualTo(name.substring(0, Math.min(400, name.length())));
		assertThat(row.get("GRPC_STATUS_CODE")).isEqualTo("UNIMPLEMENTED");
		assertThat(answer.status().getDescription()).hasSizeLessThan(300).startsWith("Method not found: long.Service/");
	}

	@Test
	void aPathThatIsNotServiceSlashMethodIsAnsweredAndLogged() throws Exception {
		for (String name : List.of("justtext", "api.users.UserService%2FGetUser")) {
			Answer answer = call(name);
			assertThat(answer.status().getCode()).as(name).isEqualTo(Status.Code.UNIMPLEMENTED);
			assertThat(answer.requestId()).as(name).isNotNull();
			assertThat(awaitRow(answer.requestId())).containsEntry("FULL_METHOD", name)
				.containsEntry("GRPC_STATUS_CODE", "UNIMPLEMENTED")
				.containsEntry("STATUS", "error");
		}
	}

	/** A call's status and the request id the server sent back. */
	private record Answer(Status status, String requestId) {
	}

	private static Answer call(String fullMethodName) {
		MethodDescriptor<EchoRequest, EchoReply> method = EchoServiceGrpc.getEchoMethod()
			.toBuilder()
			.setFullMethodName(fullMethodName)
			.build();
		AtomicReference<Metadata> trailers = new AtomicReference<>();
		Channel channel = ClientInterceptors.intercept(server.channel(),
				MetadataUtils.newCaptureMetadataInterceptor(new AtomicReference<>(), trailers));
		StatusRuntimeException error = catchThrowableOfType(
				() -> ClientCalls.blockingUnaryCall(channel, method, CallOptions.DEFAULT, Calls.request("?")),
				StatusRuntimeException.class);
		Metadata received = (error.getTrailers() != null) ? error.getTrailers() : trailers.get();
		return new Answer(error.getStatus(), (received != null) ? received.get(REQUEST_ID) : null);
	}

	private static int labels(MeterRegistry meters) {
		return (int) meters.find("grpc.server.call.started")
			.meters()
			.stream()
			.map(Meter::getId)
			.map((id) -> id.getTag("grpc.method"))
			.distinct()
			.count();
	}

	private static void awaitLogged(String countSql, long expected) {
		RequestLogWriter writer = server.context().getBean(RequestLogWriter.class);
		Awaitility.await()
			.atMost(Duration.ofMinutes(2))
			.untilAsserted(() -> {
				writer.awaitDrained(1000);
				assertThat(jdbc.queryForObject(countSql, Long.class)).isEqualTo(expected);
			});
	}

	private static Map<String, Object> awaitRow(String requestId) {
		awaitLogged("SELECT COUNT(*) FROM cfg_grpc_request_log WHERE request_id = '" + requestId + "'", 1);
		return jdbc.queryForMap("SELECT * FROM cfg_grpc_request_log WHERE request_id = ?", requestId);
	}

}
