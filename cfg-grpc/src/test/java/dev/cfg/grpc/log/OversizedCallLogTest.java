package dev.cfg.grpc.log;

import java.util.List;
import java.util.Map;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;


import dev.cfg.grpc.testapp.Calls;
import dev.cfg.grpc.testapp.RunningServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A request over max-receive-message-length is refused by the transport, and still recorded. */
class OversizedCallLogTest {

	@Test
	void anOversizedRequestIsRecordedAsResourceExhausted() throws Exception {
		try (RunningServer server = RunningServer.start("cfg.grpc.server.max-receive-message-length=2KB")) {
			Throwable error = catchThrowable(() -> Calls.echo(server.channel()).echo(Calls.request("x".repeat(5000))));
			assertThat(((StatusRuntimeException) error).getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
			// The transport ends the call; the server observes it when it hears so, maybe after the client.
			List<Map<String, Object>> rows = server.awaitLogRows("method_name = 'Echo'");
			assertThat(rows).singleElement().satisfies((row) -> {
				assertThat(row.get("STATUS")).isEqualTo("error");
				assertThat(row.get("GRPC_STATUS_CODE")).isEqualTo("RESOURCE_EXHAUSTED");
			});
		}
	}

}
