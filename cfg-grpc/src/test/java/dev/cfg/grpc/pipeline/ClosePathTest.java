package dev.cfg.grpc.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.cfg.grpc.log.RequestLogWriter;
import dev.cfg.grpc.test.echo.EchoReply;
import dev.cfg.grpc.test.echo.EchoRequest;
import dev.cfg.grpc.test.echo.EchoServiceGrpc;
import dev.cfg.grpc.test.echo.PrivateServiceGrpc;
import dev.cfg.grpc.test.validated.OrderDeskServiceGrpc;
import dev.cfg.grpc.test.validated.PlaceOrder;
import dev.cfg.grpc.testapp.Calls;
import dev.cfg.grpc.testapp.RecordingObserver;
import dev.cfg.grpc.testapp.RunningServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * One way a call ends: however it is refused or answered, the call is closed once, through the
 * observe stage, and its observers have run before the client has the answer. An observer that
 * holds the thread (as a descheduled thread on a busy machine does) is ahead of the request log's,
 * so a record queued after the answer would be missing when the test looks, without waiting.
 */
class ClosePathTest {

	@Test
	void everyEndingIsObservedBeforeTheClientHasItsAnswer() throws Exception {
		try (RunningServer server = RunningServer.start("test.slow-observer=true")) {
			assertThat(Calls.echo(server.channel()).echo(Calls.request("served")).getText()).isEqualTo("served");
			assertThat(code(() -> Calls.echo(server.channel()).echo(Calls.request("bad-argument"))))
				.isEqualTo(Status.Code.INVALID_ARGUMENT);
			assertThat(code(() -> OrderDeskServiceGrpc.newBlockingStub(server.channel())
				.place(PlaceOrder.newBuilder().setEmail("not an email").build()))).isEqualTo(Status.Code.INVALID_ARGUMENT);
			assertThat(code(() -> PrivateServiceGrpc.newBlockingStub(server.channel()).secret(Calls.request("anonymous"))))
				.isEqualTo(Status.Code.UNAUTHENTICATED);
			assertThat(code(() -> unknownMethod(server.channel()))).isEqualTo(Status.Code.UNIMPLEMENTED);

			// No waiting for the records: only for the writer to store what it has already accepted.
			RequestLogWriter writer = server.context().getBean(RequestLogWriter.class);
			assertThat(writer.awaitDrained(60_000)).isTrue();
			List<Map<String, Object>> rows = server.context()
				.getBean(JdbcTemplate.class)
				.queryForList("SELECT method_name, grpc_status_code, error_message FROM cfg_grpc_request_log "
						+ "WHERE method_name IN ('Echo', 'Place', 'Secret', 'Missing') ORDER BY id");
			assertThat(rows).extracting((row) -> row.get("METHOD_NAME") + " " + row.get("GRPC_STATUS_CODE"))
				.containsExactly("Echo OK", "Echo INVALID_ARGUMENT", "Place INVALID_ARGUMENT", "Secret UNAUTHENTICATED",
						"Missing UNIMPLEMENTED");
			assertThat(rows.get(3).get("ERROR_MESSAGE")).isEqualTo(Refusal.AUTHENTICATION_REQUIRED.message());
			assertThat(rows.get(4).get("ERROR_MESSAGE")).isEqualTo(Refusal.METHOD_NOT_FOUND.message("cfg.test.Nowhere/Missing"));
		}
	}

	@Test
	void everyObserverAndListenerIsHandedTheSameFinishedCall() {
		List<CallCompleted> events = new CopyOnWriteArrayList<>();
		try (RunningServer server = RunningServer.start("test.recording-observer=true")) {
			server.context().addApplicationListener(
					(ApplicationListener<PayloadApplicationEvent<CallCompleted>>) (event) -> events.add(event.getPayload()));
			Calls.echo(server.channel()).echo(Calls.request("one value"));
			assertThat(code(() -> Calls.echo(server.channel()).echo(Calls.request("boom")))).isEqualTo(Status.Code.INTERNAL);
			List<CallCompleted> observed = server.context().getBean(RecordingObserver.Seen.class).calls();
			// Observed before the answers left: no waiting for the observer, only for the events' own thread.
			assertThat(observed).hasSize(2);
			Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> events.size() >= 2);
			assertThat(events.get(0)).isSameAs(observed.get(0));
			assertThat(events.get(1)).isSameAs(observed.get(1));
			CallCompleted failed = observed.get(1);
			assertThat(failed.failed()).isTrue();
			assertThat(failed.outcome()).isEqualTo(CallOutcome.ERROR);
			assertThat(failed.description()).startsWith("Internal server error (request_id " + failed.requestId());
			assertThat(failed.status().getCause()).as("the exception, for the log; never sent").isNotNull();
			assertThat(failed.statusDetails()).as("the ErrorInfo the client got").isNotNull();
			assertThat(observed.get(0).failed()).isFalse();
			assertThat(observed.get(0).responseMessages()).isOne();
			assertThat(observed.get(0).completedAt()).isAfterOrEqualTo(observed.get(0).startedAt());
		}
	}

	private static EchoReply unknownMethod(Channel channel) {
		MethodDescriptor<EchoRequest, EchoReply> missing = EchoServiceGrpc.getEchoMethod()
			.toBuilder()
			.setFullMethodName("cfg.test.Nowhere/Missing")
			.build();
		return ClientCalls.blockingUnaryCall(channel, missing, CallOptions.DEFAULT, Calls.request("?"));
	}

	private static Status.Code code(Runnable call) {
		return catchThrowableOfType(StatusRuntimeException.class, call::run).getStatus().getCode();
	}

}
