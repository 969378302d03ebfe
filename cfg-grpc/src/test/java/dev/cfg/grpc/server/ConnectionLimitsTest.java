package dev.cfg.grpc.server;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.boot.grpc.server.autoconfigure.GrpcServerProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.unit.DataSize;

import dev.cfg.grpc.log.RequestLogWriter;
import dev.cfg.grpc.test.echo.EchoReply;
import dev.cfg.grpc.test.echo.EchoRequest;
import dev.cfg.grpc.test.echo.EchoServiceGrpc;
import dev.cfg.grpc.testapp.Calls;
import dev.cfg.grpc.testapp.RunningServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The connection limits of {@code cfg.grpc.server.*}, against a real client over a real port: a
 * connection past its age is replaced without failing a call, a client that pings too often is
 * sent away, a connection's calls beyond its limit wait, oversized headers are refused, and a bad
 * value stops startup with a line naming the key.
 */
class ConnectionLimitsTest {

	@Test
	void theSettingsReachBootsServer() {
		try (RunningServer server = RunningServer.start("cfg.grpc.server.max-connection-age=10m",
				"cfg.grpc.server.max-connection-age-grace=7s", "cfg.grpc.server.max-connection-idle=3m",
				"cfg.grpc.server.permit-keepalive-time=45s", "cfg.grpc.server.permit-keepalive-without-calls=true",
				"cfg.grpc.server.max-inbound-metadata-size=16KB")) {
			GrpcServerProperties.Keepalive boot = server.context().getBean(GrpcServerProperties.class).getKeepalive();
			assertThat(boot.getConnection().getMaxAge()).isEqualTo(Duration.ofMinutes(10));
			assertThat(boot.getConnection().getGracePeriod()).isEqualTo(Duration.ofSeconds(7));
			assertThat(boot.getConnection().getMaxIdleTime()).isEqualTo(Duration.ofMinutes(3));
			assertThat(boot.getPermit().getTime()).isEqualTo(Duration.ofSeconds(45));
			assertThat(boot.getPermit().isWithoutCalls()).isTrue();
			assertThat(server.context().getBean(GrpcServerProperties.class).getInbound().getMetadata().getMaxSize())
				.isEqualTo(DataSize.ofKilobytes(16));
		}
	}

	@Test
	void aConnectionPastItsAgeIsReplacedAndNoCallFails() {
		try (RunningServer server = RunningServer.start("cfg.grpc.server.max-connection-age=1s",
				"cfg.grpc.server.max-connection-age-grace=5s")) {
			var echo = Calls.echo(server.channel());
			// Every call succeeds (an exception fails the wait), and one comes over a new connection.
			Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).until(() -> {
				assertThat(echo.echo(Calls.request("again")).getText()).isEqualTo("again");
				return peers(server).size() >= 2;
			});
		}
	}

	@Test
	void aClientThatPingsTooOftenIsSentAway() throws Exception {
		// The default permit: a ping every five minutes at most. This client pings every ten seconds
		// (grpc-java's shortest); at the third ping too soon the server sends GOAWAY.
		try (RunningServer server = RunningServer.start()) {
			ManagedChannel pinging = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
				.usePlaintext()
				.keepAliveTime(10, TimeUnit.SECONDS)
				.keepAliveWithoutCalls(true)
				.build();
			try {
				CompletableFuture<Status> ended = new CompletableFuture<>();
				StreamObserver<EchoRequest> chat = EchoServiceGrpc.newStub(pinging).chat(ending(ended));
				chat.onNext(Calls.request("open"));
				Status status = ended.get(2, TimeUnit.MINUTES);
				assertThat(status.getDescription()).as(status.toString()).contains("too_many_pings");
				assertThat(status.getCode()).as(status.toString()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
			}
			finally {
				pinging.shutdownNow();
			}
		}
	}

	@Test
	void aConnectionsCallsBeyondItsLimitWaitForOneToEnd() throws Exception {
		try (RunningServer server = RunningServer.start("cfg.grpc.server.max-concurrent-calls-per-connection=1")) {
			var async = EchoServiceGrpc.newStub(server.channel());
			LinkedBlockingQueue<String> first = new LinkedBlockingQueue<>();
			StreamObserver<EchoRequest> open = async.chat(replies(first));
			open.onNext(Calls.request("first"));
			assertThat(first.poll(30, TimeUnit.SECONDS)).isEqualTo("first");

			LinkedBlockingQueue<String> second = new LinkedBlockingQueue<>();
			StreamObserver<EchoRequest> waiting = async.chat(replies(second));
			waiting.onNext(Calls.request("second"));
			// The connection's one call is open: the second is not started while it lasts.
			assertThat(second.poll(1, TimeUnit.SECONDS)).isNull();
			open.onCompleted();
			assertThat(second.poll(30, TimeUnit.SECONDS)).isEqualTo("second");
			waiting.onCompleted();
		}
	}

	@Test
	void headersOverTheLimitAreNotSentAndTheConnectionStaysUsable() {
		try (RunningServer server = RunningServer.start("cfg.grpc.server.max-inbound-metadata-size=2KB")) {
			Metadata big = new Metadata();
			big.put(Metadata.Key.of("x-big", Metadata.ASCII_STRING_MARSHALLER), "x".repeat(4096));
			var echo = Calls.echo(server.channel()).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(big));
			// The server announces its limit in HTTP/2's settings; grpc-java's client keeps to it.
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> echo.echo(Calls.request("big headers")))
				.satisfies((ex) -> assertThat(ex.getStatus().getCause()).as(ex.getStatus().toString())
					.hasMessageContaining("Header size exceeded max allowed size (2048)"));
			assertThat(Calls.echo(server.channel()).echo(Calls.request("small")).getText()).isEqualTo("small");
		}
	}

	@Test
	void aBadValueStopsStartupNamingTheKey() {
		assertThat(RunningServer.startupFailure("cfg.grpc.server.max-connection-age=0s"))
			.contains("cfg.grpc.server.max-connection-age");
		assertThat(RunningServer.startupFailure("cfg.grpc.server.max-concurrent-calls-per-connection=0"))
			.contains("cfg.grpc.server.max-concurrent-calls-per-connection")
			.contains("from 1 to 1000000");
		assertThat(RunningServer.startupFailure("cfg.grpc.server.max-inbound-metadata-size=100B"))
			.contains("cfg.grpc.server.max-inbound-metadata-size");
		assertThat(RunningServer.startupFailure("cfg.grpc.server.max-connection-age-grace=2h"))
			.contains("cfg.grpc.server.max-connection-age-grace");
	}

	private static List<String> peers(RunningServer server) throws InterruptedException {
		server.context().getBean(RequestLogWriter.class).awaitDrained(10_000);
		return server.context()
			.getBean(JdbcTemplate.class)
			.queryForList("SELECT DISTINCT peer FROM cfg_grpc_request_log WHERE method_name = 'Echo'", String.class);
	}

	private static StreamObserver<EchoReply> replies(LinkedBlockingQueue<String> heard) {
		return new StreamObserver<>() {
			@Override
			public void onNext(EchoReply value) {
				heard.add(value.getText());
			}

			@Override
			public void onError(Throwable t) {
				heard.add("error: " + Status.fromThrowable(t));
			}

			@Override
			public void onCompleted() {
			}
		};
	}

	private static StreamObserver<EchoReply> ending(CompletableFuture<Status> ended) {
		return new StreamObserver<>() {
			@Override
			public void onNext(EchoReply value) {
			}

			@Override
			public void onError(Throwable t) {
				ended.complete(Status.fromThrowable(t));
			}

			@Override
			public void onCompleted() {
				ended.complete(Status.OK);
			}
		};
	}

}
