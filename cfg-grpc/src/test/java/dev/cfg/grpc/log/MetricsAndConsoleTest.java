package dev.cfg.grpc.log;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.cfg.grpc.testapp.Calls;
import dev.cfg.grpc.testapp.RunningServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@ExtendWith(OutputCaptureExtension.class)
class MetricsAndConsoleTest {

	@Test
	void callsAreCountedAndTimedPerMethodAndStatusAndTheWriterReportsItself() throws Exception {
		try (RunningServer server = RunningServer.start()) {
			var echo = Calls.echo(server.channel());
			echo.echo(Calls.request("one"));
			echo.echo(Calls.request("two"));
			catchThrowable(() -> echo.echo(Calls.request("bad-argument")));
			server.context().getBean(RequestLogWriter.class).awaitDrained(5000);
			MeterRegistry meters = server.context().getBean(MeterRegistry.class);
			assertThat(meters.get("grpc.server.call.started").tag("grpc.method", "cfg.test.EchoService/Echo").counter().count())
				.isEqualTo(3);
			assertThat(meters.get("grpc.server.call.duration")
				.tag("grpc.method", "cfg.test.EchoService/Echo")
				.tag("grpc.status", "OK")
				.timer()
				.count()).isEqualTo(2);
			// The server has observed a call before the client sees it end.
			assertThat(meters.get("grpc.server.call.duration").tag("grpc.status", "INVALID_ARGUMENT").timer().count())
				.isOne();
			assertThat(meters.get("grpc.server.call.sent_total_compressed_message_size")
				.tag("grpc.status", "OK")
				.summary()
				.totalAmount()).isPositive();
			assertThat(server.context().getBean(RequestLogWriter.class).awaitDrained(60_000)).isTrue();
			assertThat(meters.get("cfg.grpc.request_log.written").functionCounter().count()).isGreaterThanOrEqualTo(3);
			assertThat(meters.get("cfg.grpc.request_log.dropped").functionCounter().count()).isZero();
			assertThat(meters.get("cfg.grpc.request_log.rejected").functionCounter().count()).isZero();
			assertThat(meters.get("cfg.grpc.request_log.batch").timer().count()).isPositive();
			assertThat(meters.find("grpc.server").timer()).as("Boot's copy of the call timer is off").isNull();
		}
	}

	@Test
	void bootsOwnCallTimersCanBeKept() {
		try (RunningServer server = RunningServer.start("cfg.grpc.metrics.observation-timers=true")) {
			Calls.echo(server.channel()).echo(Calls.request("one"));
			MeterRegistry meters = server.context().getBean(MeterRegistry.class);
			Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(meters.find("grpc.server").timer()).isNotNull());
		}
	}

	@Test
	void withSamplingOffOnlyErrorsAreRecordedButEveryCallIsCounted() throws Exception {
		try (RunningServer server = RunningServer.start("cfg.grpc.logging.sample-rate=0.0")) {
			var echo = Calls.echo(server.channel());
			for (int i = 0; i < 5; i++) {
				echo.echo(Calls.request("fine"));
			}
			catchThrowable(() -> echo.echo(Calls.request("bad-argument")));
			assertThat(server.context().getBean(RequestLogWriter.class).awaitDrained(60_000)).isTrue();
			var jdbc = server.context().getBean(org.springframework.jdbc.core.JdbcTemplate.class);
			assertThat(jdbc.queryForList("SELECT grpc_status_code FROM cfg_grpc_request_log", String.class))
				.containsExactly("INVALID_ARGUMENT");
			assertThat(server.context().getBean(MeterRegistry.class)
				.get("grpc.server.call.duration")
				.tag("grpc.status", "OK")
				.timer()
				.count()).isEqualTo(5);
		}
	}

	@Test
	void theConsoleLineShowsMethodStatusDurationCallerAndPeer(CapturedOutput output) {
		try (RunningServer server = RunningServer.start("cfg.grpc.logging.console=true")) {
			Calls.echo(server.channel()).echoStream(Calls.request("s")).forEachRemaining((reply) -> {
			});
			catchThrowable(() -> Calls.echo(server.channel()).echo(Calls.request("bad-argument")));
		}
		assertThat(output).containsPattern("cfg.test.EchoService/EchoStream OK \\d+ms caller=- peer=/127.0.0.1:\\d+ in=1 out=3 id=")
			.containsPattern("cfg.test.EchoService/Echo INVALID_ARGUMENT \\d+ms caller=- .* error=\"text must not be bad-argument\"");
	}

}
