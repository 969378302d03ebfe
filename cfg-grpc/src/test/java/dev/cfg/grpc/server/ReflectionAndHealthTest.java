package dev.cfg.grpc.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.cfg.grpc.testapp.Calls;
import dev.cfg.grpc.testapp.RunningServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@ExtendWith(OutputCaptureExtension.class)
class ReflectionAndHealthTest {

	private static final String[] SERVED = { "cfg.test.EchoService", "cfg.test.CallerService",
			"cfg.test.PrivateService", "cfg.test.NotesService", "cfg.test.validated.OrderDeskService",
			"grpc.health.v1.Health",
			"grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection" };

	@Test
	void reflectionV1AndV1AlphaListEveryService() throws Exception {
		try (RunningServer server = RunningServer.start()) {
			assertThat(Calls.listServicesV1(server.channel())).containsExactlyInAnyOrder(SERVED);
			assertThat(Calls.listServicesV1Alpha(server.channel())).containsExactlyInAnyOrder(SERVED);
		}
	}

	@Test
	void healthReportsServingOverallAndForEveryService() {
		try (RunningServer server = RunningServer.start()) {
			assertThat(Calls.health(server.channel(), "")).isEqualTo(ServingStatus.SERVING);
			for (String service : SERVED) {
				assertThat(Calls.health(server.channel(), service)).as(service).isEqualTo(ServingStatus.SERVING);
			}
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> Calls.health(server.channel(), "no.such.Service"))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
		}
	}

	@Test
	void reflectionAndHealthCanBeTurnedOff() {
		try (RunningServer server = RunningServer.start("cfg.grpc.server.enable-reflection=false",
				"cfg.grpc.server.enable-health-check=false")) {
			assertThatExceptionOfType(Exception.class).isThrownBy(() -> Calls.listServicesV1(server.channel()))
				.withMessageContaining("UNIMPLEMENTED");
			assertThatExceptionOfType(Exception.class).isThrownBy(() -> Calls.listServicesV1Alpha(server.channel()))
				.withMessageContaining("UNIMPLEMENTED");
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> Calls.health(server.channel(), ""))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
			assertThat(Calls.echo(server.channel()).echo(Calls.request("still here")).getText()).isEqualTo("still here");
		}
	}

	@Test
	void startupLogListsEveryServiceAndMethodWithItsKind(CapturedOutput output) {
		try (RunningServer server = RunningServer.start()) {
			assertThat(output).contains("gRPC server listening on 127.0.0.1:" + server.port() + ", running service code on 10 worker threads")
				.containsPattern("cfg.test.EchoService  \\(dev.cfg.grpc.testapp.EchoGrpcService\\)")
				.containsPattern("\\s+Echo\\s+unary")
				.containsPattern("\\s+EchoStream\\s+server streaming")
				.containsPattern("\\s+Collect\\s+client streaming")
				.containsPattern("\\s+Chat\\s+bidi streaming")
				.containsPattern("grpc.reflection.v1alpha.ServerReflection");
		}
	}

	@Test
	void whenReadyTheLogSaysWhereToReachTheServerOverGrpcAndHttp(CapturedOutput output) {
		try (RunningServer server = RunningServer.startWithHttp()) {
			String http = "http://127.0.0.1:" + server.httpPort();
			assertThat(output).contains("Ready. gRPC: 127.0.0.1:" + server.port(), "HTTP: " + http,
					"admin:      " + http + "/admin/", "monitoring: " + http + "/cfg/grpc/monitor/overview/ (staff)",
					"tokens:     POST " + http + "/cfg/auth/token/", "health:     " + http + "/actuator/health");
		}
	}

	@Test
	void listeningAddressesAreWrittenAsPeopleWriteThem() throws Exception {
		assertThat(StartupReport.addresses(List.of(new InetSocketAddress(InetAddress.getByName("::"), 50051),
				new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 50052),
				new InetSocketAddress(InetAddress.getByName("::1"), 50053))))
			.isEqualTo("[::]:50051, 0.0.0.0:50052, [0:0:0:0:0:0:0:1]:50053");
	}

}
