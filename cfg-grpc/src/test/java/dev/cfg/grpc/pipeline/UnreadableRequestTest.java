package dev.cfg.grpc.pipeline;

import java.time.Duration;
import java.util.Map;

import io.grpc.CallOptions;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.cfg.grpc.log.RequestLogWriter;
import dev.cfg.grpc.test.echo.EchoRequest;
import dev.cfg.grpc.test.echo.EchoServiceGrpc;
import dev.cfg.grpc.testapp.RunningServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Bytes that are not a request message get the same status for the client and in the log, with a
 * request id, one WARN line and no stack trace; the service never sees them.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnreadableRequestTest {

	/** Echo, with the request sent as raw bytes: whatever the test writes. */
	private static final MethodDescriptor<byte[], byte[]> ECHO = MethodDescriptor
		.<byte[], byte[]>newBuilder(UnknownMethods.BYTES, UnknownMethods.BYTES)
		.setType(MethodDescriptor.MethodType.UNARY)
		.setFullMethodName(EchoServiceGrpc.getEchoMethod().getFullMethodName())
		.build();

	static RunningServer server;

	@BeforeAll
	static void start() {
		server = RunningServer.start();
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void bytesThatAreNotTheRequestTypeAreInternalForTheClientAndTheLog(CapturedOutput output) {
		StatusRuntimeException refused = call(new byte[] { (byte) 0xff }, CallOptions.DEFAULT);
		assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
		assertThat(refused.getStatus().getDescription()).isEqualTo("Invalid protobuf byte sequence");
		Map<String, Object> row = logged(refused);
		assertThat(row).containsEntry("GRPC_STATUS_CODE", "INTERNAL")
			.containsEntry("ERROR_MESSAGE", "Invalid protobuf byte sequence")
			.containsEntry("STATUS", "error");
		assertThat((String) row.get("ERROR_DETAILS")).contains("InvalidProtocolBufferException");
		assertThat(output.getOut() + output.getErr()).contains("Refused an unreadable request to cfg.test.EchoService/Echo")
			.doesNotContain("\tat io.grpc")
			.doesNotContain("Exception while executing runnable");
	}

	@Test
	void nestingDeeperThanTheParserAllowsIsRefusedWithoutAStackTrace(CapturedOutput output) {
		// 2 KB of "start group, field 1": protobuf stops at its recursion limit of 100.
		byte[] nested = new byte[2048];
		java.util.Arrays.fill(nested, (byte) 0x0b);
		StatusRuntimeException refused = call(nested, CallOptions.DEFAULT);
		assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
		assertThat(logged(refused)).containsEntry("GRPC_STATUS_CODE", "INTERNAL");
		assertThat(output.getOut() + output.getErr()).doesNotContain("\tat ");
	}

	@Test
	void aDecompressionBombIsResourceExhaustedForTheClientAndTheLog(CapturedOutput output) {
		// A well-formed 16 MB message of one repeated letter compresses to a few kilobytes; the server
		// stops decompressing at its 4 MB limit.
		byte[] bomb = EchoRequest.newBuilder().setText("a".repeat(16 * 1024 * 1024)).build().toByteArray();
		StatusRuntimeException refused = call(bomb, CallOptions.DEFAULT.withCompression("gzip"));
		assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		assertThat(logged(refused)).containsEntry("GRPC_STATUS_CODE", "RESOURCE_EXHAUSTED");
		assertThat(output.getOut() + output.getErr()).doesNotContain("\tat io.grpc");
	}

	private static StatusRuntimeException call(byte[] body, CallOptions options) {
		return catchThrowableOfType(() -> ClientCalls.blockingUnaryCall(server.channel(), ECHO,
				options.withDeadlineAfter(60, java.util.concurrent.TimeUnit.SECONDS), body), StatusRuntimeException.class);
	}

	private static Map<String, Object> logged(StatusRuntimeException refused) {
		String requestId = refused.getTrailers().get(Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER));
		assertThat(requestId).as("x-request-id").isNotNull();
		JdbcTemplate jdbc = server.context().getBean(JdbcTemplate.class);
		RequestLogWriter writer = server.context().getBean(RequestLogWriter.class);
		Awaitility.await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
			writer.awaitDrained(1000);
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM cfg_grpc_request_log WHERE request_id = ?", Long.class,
					requestId)).isOne();
		});
		return jdbc.queryForMap("SELECT * FROM cfg_grpc_request_log WHERE request_id = ?", requestId);
	}

}
