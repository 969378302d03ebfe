package dev.cfg.grpc.log;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.cfg.grpc.auth.TokenIssuer;
import dev.cfg.grpc.test.echo.CallerServiceGrpc;
import dev.cfg.grpc.test.echo.EchoReply;
import dev.cfg.grpc.test.echo.EchoRequest;
import dev.cfg.grpc.test.echo.EchoServiceGrpc;
import dev.cfg.grpc.testapp.Calls;
import dev.cfg.grpc.testapp.EchoGrpcService;
import dev.cfg.grpc.testapp.RunningServer;
import dev.cfg.grpc.testapp.Tokens;
import dev.cfg.grpc.users.UserStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Every kind of call ends up in cfg_grpc_request_log with every field filled as it should be. */
class RequestLogTest {

	static RunningServer server;

	static JdbcTemplate jdbc;

	static RequestLogWriter writer;

	@BeforeAll
	static void start() {
		server = RunningServer.start("cfg.grpc.auth.public-methods=cfg.test.EchoService/Echo,cfg.test.EchoService/EchoStream,"
				+ "cfg.test.EchoService/Collect,cfg.test.EchoService/Chat", "cfg.grpc.auth.require-auth=true",
				"cfg.grpc.logging.log-request-data=true", "cfg.grpc.logging.log-response-data=true");
		jdbc = server.context().getBean(JdbcTemplate.class);
		writer = server.context().getBean(RequestLogWriter.class);
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@BeforeEach
	void empty() throws Exception {
		// Earlier calls were observed before their clients had answers; store what is queued, then clear.
		assertThat(writer.awaitDrained(60_000)).isTrue();
		jdbc.update("DELETE FROM cfg_grpc_request_log");
	}

	@Test
	void aSuccessfulCallIsRecordedWithItsRequestIdSizesPeerAndAgent() throws Exception {
		AtomicReference<Metadata> trailers = new AtomicReference<>();
		EchoReply reply = EchoServiceGrpc.newBlockingStub(server.channel())
			.withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(new AtomicReference<>(), trailers))
			.echo(EchoRequest.newBuilder().setText("hello").setReplyPadding(100).build());
		String requestId = trailers.get().get(Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER));
		Map<String, Object> row = row(requestId);
		assertThat(row).containsEntry("SERVICE_NAME", "cfg.test.EchoService")
			.containsEntry("METHOD_NAME", "Echo")
			.containsEntry("FULL_METHOD", "cfg.test.EchoService/Echo")
			.containsEntry("METHOD_TYPE", "UNARY")
			.containsEntry("STATUS", "success")
			.containsEntry("GRPC_STATUS_CODE", "OK")
			.containsEntry("IS_AUTHENTICATED", false)
			.containsEntry("CLIENT_IP", "127.0.0.1");
		assertThat(((Number) row.get("REQUEST_SIZE")).longValue()).isEqualTo(EchoRequest.newBuilder()
			.setText("hello")
			.setReplyPadding(100)
			.build()
			.getSerializedSize());
		assertThat(((Number) row.get("RESPONSE_SIZE")).longValue()).isEqualTo(reply.getSerializedSize());
		assertThat(row.get("USER_AGENT")).asString().contains("grpc-java");
		assertThat(row.get("PEER")).asString().startsWith("/127.0.0.1:");
		assertThat(row.get("ERROR_MESSAGE")).isNull();
		assertThat(row.get("CREATED_AT")).isNotNull();
		assertThat(row.get("COMPLETED_AT")).isNotNull();
	}

	@Test
	void aClientsTraceparentIsContinuedAndStoredWithTheParentRequestId() throws Exception {
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		Metadata headers = new Metadata();
		headers.put(Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER),
				"00-" + traceId + "-00f067aa0ba902b7-01");
		String parent = "0190b6a4-7c2e-7d1a-9f3e-2b4c6d8e0f12";
		headers.put(Metadata.Key.of("x-parent-request-id", Metadata.ASCII_STRING_MARSHALLER), parent);
		String requestId = echoWith(headers);
		Map<String, Object> row = row(requestId);
		assertThat(row).containsEntry("TRACE_ID", traceId).containsEntry("PARENT_REQUEST_ID", parent);
		assertThat(row.get("SPAN_ID")).asString().matches("[0-9a-f]{16}").isNotEqualTo("00f067aa0ba902b7");
		RequestLogRecord read = server.context().getBean(RequestLog.class).get(requestId).orElseThrow();
		assertThat(read.traceId()).isEqualTo(traceId);
		assertThat(read.parentRequestId()).isEqualTo(parent);
		assertThat(server.context().getBean(RequestLog.class)
			.find(RequestFilter.builder().traceId(traceId).build(), 10, 0)).extracting(RequestLogRecord::requestId)
			.containsExactly(requestId);
	}

	@Test
	void aCallWithoutTraceparentStartsATraceAndMalformedHeadersAreIgnored() throws Exception {
		Metadata headers = new Metadata();
		headers.put(Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER), "00-not-a-trace-id-01");
		headers.put(Metadata.Key.of("x-parent-request-id", Metadata.ASCII_STRING_MARSHALLER),
				"'; DROP TABLE cfg_grpc_request_log; --");
		Map<String, Object> row = row(echoWith(headers));
		assertThat(row.get("TRACE_ID")).asString().matches("[0-9a-f]{32}");
		assertThat(row.get("PARENT_REQUEST_ID")).isNull();
		assertThat(row).containsEntry("STATUS", "success");
	}

	private static String echoWith(Metadata headers) {
		AtomicReference<Metadata> trailers = new AtomicReference<>();
		Calls.echo(server.channel())
			.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers),
					MetadataUtils.newCaptureMetadataInterceptor(new AtomicReference<>(), trailers))
			.echo(Calls.request("traced"));
		return trailers.get().get(Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER));
	}

	@Test
	void streamsAreCountedMessageByMessage() throws Exception {
		Calls.echo(server.channel()).echoStream(Calls.request("s")).forEachRemaining((reply) -> {
		});
		Map<String, Object> row = only("EchoStream");
		assertThat(row).containsEntry("METHOD_TYPE", "SERVER_STREAMING").containsEntry("STATUS", "success");
		assertThat(((Number) row.get("REQUEST_COUNT")).intValue()).isOne();
		assertThat(((Number) row.get("RESPONSE_COUNT")).intValue()).isEqualTo(3);
	}

	@Test
	void errorsAreRecordedAndUnexpectedExceptionsReachTheClientWithoutDetails() throws Exception {
		assertStatus("bad-argument", Status.Code.INVALID_ARGUMENT, "text must not be bad-argument");
		assertStatus("missing", Status.Code.NOT_FOUND, "Not found");
		StatusRuntimeException internal = catchThrowableOfType(() -> Calls.echo(server.channel()).echo(Calls.request("boom")));
		assertThat(internal.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
		assertThat(internal.getStatus().getDescription()).startsWith("Internal server error (request_id ")
			.doesNotContain("SELECT")
			.doesNotContain("IllegalStateException");
		String requestId = internal.getStatus().getDescription().replaceAll(".*request_id (.*)\\)", "$1");
		Map<String, Object> row = row(requestId);
		assertThat(row).containsEntry("STATUS", "error").containsEntry("GRPC_STATUS_CODE", "INTERNAL");
		assertThat(row.get("ERROR_DETAILS")).asString()
			.contains("java.lang.IllegalStateException: internal detail: SELECT * FROM secret_stuff");
	}

	@Test
	void callsRefusedByAuthAreRecorded() throws Exception {
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> CallerServiceGrpc.newBlockingStub(server.channel()).whoAmI(Calls.request("")));
		Map<String, Object> row = only("WhoAmI");
		assertThat(row).containsEntry("STATUS", "error")
			.containsEntry("GRPC_STATUS_CODE", "UNAUTHENTICATED")
			.containsEntry("ERROR_MESSAGE", "Authentication required")
			.containsEntry("IS_AUTHENTICATED", false);
	}

	@Test
	void theCallerIsRecorded() throws Exception {
		UserStore users = server.context().getBean(UserStore.class);
		long id = users.findByUsername("logged").orElseGet(() -> users.createUser("logged", "", "pw", false, false)).getId();
		String token = server.context().getBean(TokenIssuer.class).accessToken(String.valueOf(id), Duration.ofMinutes(5));
		CallerServiceGrpc.newBlockingStub(Tokens.bearer(server.channel(), token)).whoAmI(Calls.request(""));
		Map<String, Object> row = only("WhoAmI");
		assertThat(row).containsEntry("STATUS", "success").containsEntry("USERNAME", "logged").containsEntry("IS_AUTHENTICATED", true);
		assertThat(((Number) row.get("USER_ID")).longValue()).isEqualTo(id);
	}

	@Test
	void deadlineExceededIsRecordedAsTimeoutAndClientCancelsAsCancelled() throws Exception {
		assertThat(catchThrowable(() -> EchoServiceGrpc.newBlockingStub(server.channel())
			.withDeadlineAfter(100, TimeUnit.MILLISECONDS)
			.echo(EchoRequest.newBuilder().setText("slow").setDelayMs(600).build()))).isInstanceOf(StatusRuntimeException.class);
		// The server hears of the passed deadline on its own clock, maybe after the client.
		assertThat(only("Echo")).containsEntry("STATUS", "timeout").containsEntry("GRPC_STATUS_CODE", "DEADLINE_EXCEEDED");
		empty();

		Context.CancellableContext cancellable = Context.current().withCancellation();
		cancellable.run(() -> EchoServiceGrpc.newStub(server.channel())
			.echo(EchoRequest.newBuilder().setText("slow").setDelayMs(600).build(), new io.grpc.stub.StreamObserver<>() {
				@Override
				public void onNext(EchoReply value) {
				}

				@Override
				public void onError(Throwable t) {
				}

				@Override
				public void onCompleted() {
				}
			}));
		EchoGrpcService echo = server.context().getBean(EchoGrpcService.class);
		Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> echo.runningNow() > 0);
		cancellable.cancel(null);
		assertThat(only("Echo")).containsEntry("STATUS", "cancelled").containsEntry("GRPC_STATUS_CODE", "CANCELLED");
	}

	@Test
	void callsToUnknownMethodsAreAnsweredUnimplementedAndRecorded() throws Exception {
		io.grpc.MethodDescriptor<EchoRequest, EchoReply> unknown = EchoServiceGrpc.getEchoMethod()
			.toBuilder()
			.setFullMethodName("cfg.test.EchoService/NoSuchMethod")
			.build();
		StatusRuntimeException error = catchThrowableOfType(() -> io.grpc.stub.ClientCalls
			.blockingUnaryCall(server.channel(), unknown, io.grpc.CallOptions.DEFAULT, Calls.request("?")));
		assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
		assertThat(only("NoSuchMethod")).containsEntry("STATUS", "error")
			.containsEntry("GRPC_STATUS_CODE", "UNIMPLEMENTED")
			.containsEntry("FULL_METHOD", "cfg.test.EchoService/NoSuchMethod");
	}

	@Test
	void bodiesAreLoggedAsJsonWithSecretsRedacted() throws Exception {
		Calls.echo(server.channel())
			.echo(EchoRequest.newBuilder().setText("visible").setPassword("hunter2").setNote("private").build());
		Map<String, Object> row = only("Echo");
		assertThat(row.get("REQUEST_DATA")).asString()
			.contains("\"text\":\"visible\"")
			.contains("\"password\":\"[redacted]\"")
			.contains("\"note\":\"[redacted]\"")
			.doesNotContain("hunter2")
			.doesNotContain("private");
		assertThat(row.get("RESPONSE_DATA")).asString().contains("\"text\":\"visible\"");
	}

	private static void assertStatus(String text, Status.Code code, String message) throws Exception {
		StatusRuntimeException error = catchThrowableOfType(() -> Calls.echo(server.channel()).echo(Calls.request(text)));
		assertThat(error.getStatus().getCode()).isEqualTo(code);
		assertThat(error.getStatus().getDescription()).isEqualTo(message);
		assertThat(awaitOne("SELECT * FROM cfg_grpc_request_log WHERE grpc_status_code = ? AND status = 'error'",
				code.name())).containsEntry("ERROR_MESSAGE", message);
	}

	private static StatusRuntimeException catchThrowableOfType(Runnable call) {
		Throwable thrown = catchThrowable(call::run);
		assertThat(thrown).isInstanceOf(StatusRuntimeException.class);
		return (StatusRuntimeException) thrown;
	}

	/** The record of a call the client or the transport ended may arrive after the client saw the end: wait for it. */
	private static Map<String, Object> row(String requestId) throws Exception {
		return awaitOne("SELECT * FROM cfg_grpc_request_log WHERE request_id = ?", requestId);
	}

	private static Map<String, Object> only(String method) throws Exception {
		return awaitOne("SELECT * FROM cfg_grpc_request_log WHERE method_name = ?", method);
	}

	private static Map<String, Object> awaitOne(String sql, String parameter) throws Exception {
		List<Map<String, Object>> rows = Awaitility.await()
			.atMost(Duration.ofMinutes(1))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> {
				writer.awaitDrained(10_000);
				return jdbc.queryForList(sql, parameter);
			}, (found) -> !found.isEmpty());
		assertThat(rows).hasSize(1);
		return rows.get(0);
	}

}
