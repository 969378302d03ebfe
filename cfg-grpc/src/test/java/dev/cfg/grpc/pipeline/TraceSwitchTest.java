package dev.cfg.grpc.pipeline;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.cfg.grpc.testapp.Calls;
import dev.cfg.grpc.testapp.RunningServer;

import static org.assertj.core.api.Assertions.assertThat;

/** Without Spring Boot's observation of served calls there is no span, and no ids are logged. */
class TraceSwitchTest {

	@Test
	void turningOffTheServersObservationLeavesTheTraceColumnsEmpty() throws Exception {
		try (RunningServer server = RunningServer.start("spring.grpc.server.observation.enabled=false")) {
			String requestId = Calls.echoWithHeader(server.channel(), "traceparent",
					"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "untraced");
			List<Map<String, Object>> rows = server.awaitLogRows("request_id = ?", requestId);
			assertThat(rows).singleElement().satisfies((row) -> {
				assertThat(row.get("TRACE_ID")).isNull();
				assertThat(row.get("SPAN_ID")).isNull();
			});
		}
	}

}
