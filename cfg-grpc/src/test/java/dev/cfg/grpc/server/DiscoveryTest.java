package dev.cfg.grpc.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import dev.cfg.grpc.emptyapp.EmptyApplication;
import dev.cfg.grpc.test.echo.PingServiceGrpc;
import dev.cfg.grpc.testapp.Calls;
import dev.cfg.grpc.testapp.RunningServer;
import dev.cfg.grpc.testapp.discovered.PingGrpcService;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class DiscoveryTest {

	@Test
	void servicesInEnabledAppsAreServedWithConstructorInjection() throws Exception {
		try (RunningServer server = RunningServer.start("cfg.grpc.enabled-apps=dev.cfg.grpc.testapp.discovered")) {
			assertThat(PingServiceGrpc.newBlockingStub(server.channel()).ping(Calls.request("")).getText())
				.isEqualTo("pong injected");
			assertThat(Calls.listServicesV1(server.channel())).contains("cfg.test.PingService");
			ServiceRegistry.ServedService ping = server.context()
				.getBean(ServiceRegistry.class)
				.service("cfg.test.PingService");
			assertThat(ping.implementation()).isEqualTo(PingGrpcService.class.getName());
		}
	}

	@Test
	void enabledAppsAreIgnoredWhenAutoRegisterIsOff() throws Exception {
		try (RunningServer server = RunningServer.start("cfg.grpc.enabled-apps=dev.cfg.grpc.testapp.discovered",
				"cfg.grpc.auto-register-apps=false")) {
			assertThat(Calls.listServicesV1(server.channel())).doesNotContain("cfg.test.PingService");
		}
	}

	@Test
	void customServicesAreServedByClassName() {
		try (RunningServer server = RunningServer
			.start("cfg.grpc.custom-services=dev.cfg.grpc.testapp.discovered.PingGrpcService")) {
			assertThat(PingServiceGrpc.newBlockingStub(server.channel()).ping(Calls.request("")).getText())
				.isEqualTo("pong injected");
		}
	}

	@Test
	void twoImplementationsOfOneServiceFailStartupNamingBothClasses() {
		assertThat(RunningServer
			.startupFailure("cfg.grpc.custom-services=dev.cfg.grpc.testapp.duplicate.SecondEchoService"))
			.startsWith("gRPC service cfg.test.EchoService is implemented twice")
			.contains("dev.cfg.grpc.testapp.EchoGrpcService")
			.contains("dev.cfg.grpc.testapp.duplicate.SecondEchoService");
	}

	@Test
	void unknownCustomServiceFailsStartupNamingTheKey() {
		assertThat(RunningServer.startupFailure("cfg.grpc.custom-services=com.example.NoSuchService"))
			.startsWith("Invalid value for cfg.grpc.custom-services: 'com.example.NoSuchService'")
			.contains("class not found");
		assertThat(RunningServer.startupFailure("cfg.grpc.custom-services=dev.cfg.grpc.testapp.Greeting"))
			.contains("dev.cfg.grpc.testapp.Greeting does not");
	}

	@Test
	void noServicesWarnsWhereItLookedAndStartsNoServer(CapturedOutput output) {
		try (var context = new SpringApplicationBuilder(EmptyApplication.class).web(WebApplicationType.NONE)
			.run("--cfg.grpc.enabled-apps=dev.cfg.grpc.emptyapp", "--cfg.grpc.custom-services=")) {
			assertThat(context.getBeansOfType(GrpcServerLifecycle.class)).isEmpty();
			assertThat(context.getBean(ServiceRegistry.class).services()).isEmpty();
			assertThat(output).contains("No gRPC services to serve, so the gRPC server does not start")
				.contains("cfg.grpc.enabled-apps [dev.cfg.grpc.emptyapp]")
				.contains("cfg.grpc.custom-services []");
		}
	}

}
