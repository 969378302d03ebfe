package dev.cfg.grpc.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.grpc.client.GrpcChannelFactory;

import dev.cfg.grpc.auth.TokenIssuer;
import dev.cfg.grpc.client.frontapp.FrontApplication;
import dev.cfg.grpc.log.RequestLogWriter;
import dev.cfg.grpc.test.echo.CallerServiceGrpc;
import dev.cfg.grpc.test.echo.EchoReply;
import dev.cfg.grpc.test.echo.EchoRequest;
import dev.cfg.grpc.test.echo.EchoServiceGrpc;
import dev.cfg.grpc.test.echo.PingServiceGrpc;
import dev.cfg.grpc.testapp.EchoGrpcService;
import dev.cfg.grpc.testapp.RunningServer;
import dev.cfg.grpc.users.ApiKeyStore;
import dev.cfg.grpc.users.UserStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Two applications on one database, as two services of a fleet: the front calls the test
 * application (the backend) through channels configured under {@code cfg.grpc.client.channels},
 * over real ports.
 */
class ClientChannelsTest {

	static RunningServer backend;

	static RunningServer front;

	static String database = "jdbc:h2:mem:clients-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

	@BeforeAll
	static void start() {
		backend = RunningServer.start("spring.datasource.url=" + database);
		UserStore users = backend.context().getBean(UserStore.class);
		users.createUser("svc", "svc@example.com", "svc-password-1", false, false);
		users.createUser("alice", "alice@example.com", "alice-password-1", false, false);
		String key = backend.context().getBean(ApiKeyStore.class).create("svc", "front", null).rawKey();
		String target = "127.0.0.1:" + backend.port();
		List<String> properties = new ArrayList<>(List.of("spring.datasource.url=" + database,
				"cfg.grpc.auth.access-token-lifetime=2s"));
		properties.addAll(channel("backend", target, "credentials=service-user", "username=svc",
				"retry.methods=cfg.test.EchoService/Echo", "retry.initial-backoff=10ms", "retry.max-backoff=50ms"));
		properties.addAll(channel("backend-key", target, "credentials=api-key", "api-key=" + key, "deadline=1s"));
		properties.addAll(channel("backend-forward", target, "credentials=forward"));
		properties.addAll(channel("backend-slow", target, "method-deadlines[cfg.test.EchoService/Echo]=300ms",
				"compression=gzip"));
		front = RunningServer.start(FrontApplication.class, properties.toArray(String[]::new));
	}

	private static List<String> channel(String name, String target, String... settings) {
		List<String> properties = new ArrayList<>();
		properties.add("cfg.grpc.client.channels." + name + ".target=" + target);
		for (String setting : settings) {
			properties.add("cfg.grpc.client.channels." + name + "." + setting);
		}
		return properties;
	}

	@AfterAll
	static void stop() {
		front.close();
		backend.close();
	}

	private static ManagedChannel channel(String name) {
		return front.context().getBean(GrpcChannelFactory.class).createChannel(name);
	}

	private static String whoAmI(String channel) {
		return CallerServiceGrpc.newBlockingStub(channel(channel))
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.whoAmI(EchoRequest.getDefaultInstance())
			.getText();
	}

	@Test
	void aServiceUserChannelCallsWithATokenItSignsAndRenews() throws Exception {
		assertThat(whoAmI("backend")).isEqualTo("svc|svc");
		// The token lives 2 s and is renewed after 1.6 s: a call after it expired still gets through.
		// A real wait: the server checks the token's expiry against the wall clock, as in production.
		Thread.sleep(2500);
		assertThat(whoAmI("backend")).isEqualTo("svc|svc");
	}

	@Test
	void anApiKeyChannelCallsAsTheKeysUser() {
		assertThat(whoAmI("backend-key")).isEqualTo("svc|svc");
	}

	@Test
	void aForwardingChannelCallsWithTheCredentialOfTheCallBeingServed() {
		String token = front.context()
			.getBean(TokenIssuer.class)
			.accessToken(String.valueOf(front.context().getBean(UserStore.class).findByUsername("alice").orElseThrow().getId()),
					java.time.Duration.ofMinutes(1));
		Metadata headers = new Metadata();
		headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
		EchoReply asAlice = PingServiceGrpc.newBlockingStub(front.channel())
			.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.ping(EchoRequest.newBuilder().setText("backend-forward").build());
		assertThat(asAlice.getText()).isEqualTo("alice|alice");
		EchoReply anonymous = PingServiceGrpc.newBlockingStub(front.channel())
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.ping(EchoRequest.newBuilder().setText("backend-forward").build());
		assertThat(anonymous.getText()).isEqualTo("-|-");
	}

	@Test
	void aMethodDeadlineAndAChannelDeadlineEndSlowCalls() {
		EchoServiceGrpc.EchoServiceBlockingStub slow = EchoServiceGrpc.newBlockingStub(channel("backend-slow"));
		assertThat(slow.echo(EchoRequest.newBuilder().setText("quick").build()).getText()).isEqualTo("quick");
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> slow.echo(EchoRequest.newBuilder().setText("slow").setDelayMs(3000).build()))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
		EchoServiceGrpc.EchoServiceBlockingStub keyed = EchoServiceGrpc.newBlockingStub(channel("backend-key"));
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> keyed.echo(EchoRequest.newBuilder().setText("slow").setDelayMs(5000).build()))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
	}

	@Test
	void aNamedMethodIsRetriedAndOthersAreNot() {
		EchoGrpcService echo = backend.context().getBean(EchoGrpcService.class);
		EchoServiceGrpc.EchoServiceBlockingStub stub = EchoServiceGrpc.newBlockingStub(channel("backend"))
			.withDeadlineAfter(10, TimeUnit.SECONDS);
		assertThat(stub.echo(EchoRequest.newBuilder().setText("flaky:retried:2").build()).getText())
			.isEqualTo("flaky:retried:2");
		assertThat(echo.tries("retried")).isEqualTo(3);
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> stub.echoStream(EchoRequest.newBuilder().setText("flaky:once:1").build()).next())
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
		assertThat(echo.tries("once")).isEqualTo(1);
	}

	@Test
	void aCallMadeWhileServingACallContinuesItsTraceAndNamesItsParent() throws Exception {
		String traceId = "0af7651916cd43dd8448eb211c80319c";
		Metadata headers = new Metadata();
		headers.put(Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER),
				"00-" + traceId + "-b7ad6b7169203331-01");
		AtomicReference<Metadata> trailers = new AtomicReference<>();
		PingServiceGrpc.newBlockingStub(front.channel())
			.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers),
					MetadataUtils.newCaptureMetadataInterceptor(new AtomicReference<>(), trailers))
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.ping(EchoRequest.newBuilder().setText("backend").build());
		String frontRequestId = trailers.get().get(Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER));
		Map<String, Object> child = awaitRow("parent_request_id", frontRequestId);
		Map<String, Object> parent = awaitRow("request_id", frontRequestId);
		assertThat(child).containsEntry("FULL_METHOD", "cfg.test.CallerService/WhoAmI")
			.containsEntry("TRACE_ID", traceId)
			.containsEntry("USERNAME", "svc");
		assertThat(parent).containsEntry("FULL_METHOD", "cfg.test.PingService/Ping").containsEntry("TRACE_ID", traceId);
		assertThat(child.get("INSTANCE_ID")).isNotEqualTo(parent.get("INSTANCE_ID"));
		assertThat(child.get("SPAN_ID")).isNotEqualTo(parent.get("SPAN_ID"));
	}

	@Test
	void clientCallsAreMetered() {
		whoAmI("backend-key");
		MeterRegistry registry = front.context().getBean(MeterRegistry.class);
		assertThat(registry.find("grpc.client.call.duration")
			.tag("grpc.method", "cfg.test.CallerService/WhoAmI")
			.tag("grpc.status", "OK")
			.timer()).isNotNull().satisfies((timer) -> assertThat(timer.count()).isPositive());
		assertThat(registry.find("grpc.client.call.started").tag("grpc.method", "cfg.test.CallerService/WhoAmI").counter())
			.isNotNull();
	}

	@Test
	void badChannelSettingsStopStartupNamingTheKey() {
		assertThat(RunningServer.startupFailure("cfg.grpc.client.channels.billing.deadline=2s"))
			.contains("cfg.grpc.client.channels.billing.target");
		assertThat(RunningServer.startupFailure("cfg.grpc.client.channels.billing.target=localhost:1",
				"cfg.grpc.client.channels.billing.retry.methods=billing.Invoices/Create",
				"cfg.grpc.client.channels.billing.retry.max-attempts=9"))
			.contains("cfg.grpc.client.channels.billing.retry.max-attempts", "'9'", "2 to 5");
		assertThat(RunningServer.startupFailure("cfg.grpc.client.channels.billing.target=localhost:1",
				"cfg.grpc.client.channels.billing.retry.methods=not a method"))
			.contains("cfg.grpc.client.channels.billing.retry.methods", "package.Service/Method");
		assertThat(RunningServer.startupFailure("cfg.grpc.client.channels.billing.target=localhost:1",
				"cfg.grpc.client.channels.billing.credentials=service-user"))
			.contains("cfg.grpc.client.channels.billing.username");
		assertThat(RunningServer.startupFailure("cfg.grpc.client.channels.billing.target=localhost:1",
				"cfg.grpc.client.channels.billing.credentials=password"))
			.contains("cfg.grpc.client.channels.billing.credentials", "service-user, api-key, forward");
	}

	@Test
	void aMisspelledChannelSettingIsRefusedWithTheNearestOne() {
		assertThat(RunningServer.startupFailure("cfg.grpc.client.channels.billing.target=localhost:1",
				"cfg.grpc.client.channels.billing.retry.max-atempts=4"))
			.contains("Unknown setting cfg.grpc.client.channels.billing.retry.max-atempts",
					"did you mean cfg.grpc.client.channels.billing.retry.max-attempts?");
		assertThat(RunningServer.startupFailure("cfg.grpc.client.channels.billing.target=localhost:1",
				"cfg.grpc.client.channels.billing.method-deadlines[billing.Invoices/Get]=1s",
				"cfg.grpc.client.channels.billing.credential=api-key"))
			.contains("did you mean cfg.grpc.client.channels.billing.credentials?");
	}

	@Test
	void aChannelSetUnderBothNamesWithDifferentValuesIsRefused() {
		assertThat(RunningServer.startupFailure("cfg.grpc.client.channels.billing.target=localhost:1",
				"spring.grpc.client.channel.billing.target=localhost:2"))
			.contains("cfg.grpc.client.channels.billing.target='localhost:1'",
					"spring.grpc.client.channel.billing.target='localhost:2'");
		assertThat(RunningServer.startupFailure("cfg.grpc.client.channels.billing.target=localhost:1",
				"cfg.grpc.client.channels.billing.retry.methods=billing.Invoices",
				"spring.grpc.client.channel.billing.service-config.method[0].name[0].service=billing.Invoices"))
			.contains("service config");
	}

	private static Map<String, Object> awaitRow(String column, String value) throws Exception {
		// Both applications write to the one table.
		assertThat(front.context().getBean(RequestLogWriter.class).awaitDrained(10_000)).isTrue();
		List<Map<String, Object>> rows = backend.awaitLogRows(column + " = ?", value);
		assertThat(rows).as("log rows with %s = %s", column, value).hasSize(1);
		return rows.get(0);
	}

}
