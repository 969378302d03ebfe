package dev.cfg.grpc.pipeline;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.cfg.grpc.testapp.Calls;
import dev.cfg.grpc.testapp.RunningServer;
import dev.cfg.grpc.testapp.TestApplication;
import dev.cfg.grpc.testapp.Tokens;
import dev.cfg.grpc.users.UserStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A call's server span carries what its request log row knows and the trace does not: the request
 * id, the caller and the outcome, read from the finished call; the row carries the span's ids.
 * Spans are exported by the OpenTelemetry SDK, as an application's exporter would receive them.
 */
class SpanTagsTest {

	@Test
	void theServerSpanNamesTheRequestIdCallerAndOutcome() throws Exception {
		try (RunningServer server = RunningServer.start(Traced.class, "management.tracing.sampling.probability=1.0",
				"management.opentelemetry.tracing.export.schedule-delay=100ms")) {
			UserStore users = server.context().getBean(UserStore.class);
			long id = users.createUser("span-tagger", "", "span-tagger-password", false, false).getId();
			String requestId = Calls.echoWithHeader(server.channel(), "authorization",
					"Bearer " + Tokens.simplejwt(id, "access", 300), "traced");
			Exported exported = server.context().getBean(Exported.class);
			SpanData span = await().atMost(Duration.ofSeconds(30))
				.until(() -> exported.withRequestId(requestId), (found) -> found != null);
			assertThat(span.getAttributes().get(AttributeKey.stringKey(SpanRecorder.USER))).isEqualTo("span-tagger");
			assertThat(span.getAttributes().get(AttributeKey.stringKey(SpanRecorder.OUTCOME))).isEqualTo("success");
			assertThat(server.awaitLogRows("request_id = ?", requestId)).singleElement().satisfies((row) -> {
				assertThat(row.get("TRACE_ID")).isEqualTo(span.getTraceId());
				assertThat(row.get("SPAN_ID")).isEqualTo(span.getSpanId());
			});
			assertThat(server.context().getBean(SpanRecorder.class).open()).as("no span held after its call").isZero();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@Import(TestApplication.class)
	static class Traced {

		@Bean
		Exported exported() {
			return new Exported();
		}

	}

	/** The spans the SDK exported, kept in memory. */
	static final class Exported implements SpanExporter {

		private final List<SpanData> spans = new CopyOnWriteArrayList<>();

		SpanData withRequestId(String requestId) {
			return this.spans.stream()
				.filter((span) -> requestId.equals(span.getAttributes().get(AttributeKey.stringKey(SpanRecorder.REQUEST_ID))))
				.findFirst()
				.orElse(null);
		}

		@Override
		public CompletableResultCode export(Collection<SpanData> batch) {
			this.spans.addAll(batch);
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

}
