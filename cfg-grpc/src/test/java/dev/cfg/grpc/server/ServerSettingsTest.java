package dev.cfg.grpc.server;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.DecompressorRegistry;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;

import org.springframework.boot.grpc.server.autoconfigure.GrpcServerProperties;
import org.springframework.util.unit.DataSize;

import dev.cfg.grpc.test.echo.EchoReply;
import dev.cfg.grpc.test.echo.EchoRequest;
import dev.cfg.grpc.test.echo.EchoServiceGrpc;
import dev.cfg.grpc.testapp.Calls;
import dev.cfg.grpc.testapp.EchoGrpcService;
import dev.cfg.grpc.testapp.RunningServer;
import dev.cfg.grpc.testapp.StampInterceptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ServerSettingsTest {

	private static final Metadata.Key<String> ENCODING = Metadata.Key.of("grpc-encoding",
			Metadata.ASCII_STRING_MARSHALLER);

	@Test
	void serverSettingsReachBootsServer() throws Exception {
		try (RunningServer server = RunningServer.start("cfg.grpc.server.host=127.0.0.1",
				"cfg.grpc.server.keepalive-time=3m", "cfg.grpc.server.keepalive-timeout=7s",
				"cfg.grpc.server.max-receive-message-length=2KB", "cfg.grpc.server.shutdown-grace-period=3s")) {
			GrpcServerProperties boot = server.context().getBean(GrpcServerProperties.class);
			assertThat(boot.getAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
			assertThat(boot.getKeepalive().getTime()).isEqualTo(Duration.ofMinutes(3));
			assertThat(boot.getKeepalive().getTimeout()).isEqualTo(Duration.ofSeconds(7));
			assertThat(boot.getInbound().getMessage().getMaxSize()).isEqualTo(DataSize.ofKilobytes(2));
			assertThat(boot.getShutdown().getGracePeriod()).isEqualTo(Duration.ofSeconds(3));
		}
	}

	@Test
	void responseOverMaxSendMessageLengthEndsWithResourceExhausted() {
		try (RunningServer server = RunningServer.start("cfg.grpc.server.max-send-message-length=2KB")) {
			var echo = Calls.echo(server.channel());
			assertThat(echo.echo(EchoRequest.newBuilder().setText("small").setReplyPadding(1000).build()).getText())
				.isEqualTo("small");
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> echo.echo(EchoRequest.newBuilder().setText("big").setReplyPadding(3000).build()))
				.satisfies((ex) -> {
					assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
					assertThat(ex.getStatus().getDescription()).contains("larger than the server's limit of 2048 bytes");
				});
			List<StatusRuntimeException> error = new ArrayList<>();
			List<EchoReply> replies = Calls.collect(
					echo.echoStream(EchoRequest.newBuilder().setText("s").setReplyPadding(3000).build()), error);
			assertThat(replies).isEmpty();
			assertThat(error).singleElement()
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
		}
	}

	@Test
	void requestOverMaxReceiveMessageLengthEndsWithResourceExhausted() {
		try (RunningServer server = RunningServer.start("cfg.grpc.server.max-receive-message-length=2KB")) {
			var echo = Calls.echo(server.channel());
			assertThat(echo.echo(Calls.request("a".repeat(1500))).getText()).hasSize(1500);
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> echo.echo(Calls.request("a".repeat(3000))))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
		}
	}

	@Test
	void responsesAreNotCompressedByDefault() {
		try (RunningServer server = RunningServer.start()) {
			assertThat(responseEncoding(server.channel())).isIn(null, "identity");
		}
	}

	@Test
	void gzipCompressionCompressesResponses() {
		try (RunningServer server = RunningServer.start("cfg.grpc.server.compression=gzip")) {
			assertThat(responseEncoding(server.channel())).isEqualTo("gzip");
		}
	}

	@Test
	void deflateCompressionCompressesResponsesForClientsThatAcceptIt() throws Exception {
		try (RunningServer server = RunningServer.start("cfg.grpc.server.compression=deflate")) {
			ManagedChannel deflateClient = ManagedChannelBuilder.forAddress("127.0.0.1", server.port())
				.usePlaintext()
				.decompressorRegistry(DecompressorRegistry.getDefaultInstance().with(new DeflateCodec(), true))
				.build();
			try {
				assertThat(responseEncoding(deflateClient)).isEqualTo("deflate");
				// A client that does not accept deflate still gets an answer, uncompressed.
				assertThat(responseEncoding(server.channel())).isIn(null, "identity");
			}
			finally {
				deflateClient.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
			}
		}
	}

	@Test
	void maxWorkersBoundsHowManyCallsRunAtOnce() throws Exception {
		try (RunningServer server = RunningServer.start("cfg.grpc.server.max-workers=2")) {
			var stub = EchoServiceGrpc.newFutureStub(server.channel());
			List<com.google.common.util.concurrent.ListenableFuture<EchoReply>> calls = new ArrayList<>();
			for (int i = 0; i < 6; i++) {
				calls.add(stub.echo(EchoRequest.newBuilder().setText("call" + i).setDelayMs(300).build()));
			}
			for (var call : calls) {
				assertThat(call.get(20, TimeUnit.SECONDS).getText()).startsWith("call");
			}
			assertThat(server.context().getBean(EchoGrpcService.class).mostRunningAtOnce()).isEqualTo(2);
			assertThat(Calls.echo(server.channel()).echo(Calls.request("thread")).getText())
				.startsWith("grpc-worker-")
				.endsWith("virtual=false");
		}
	}

	@Test
	void virtualThreadsRunServiceCodeOnJava21AndFailStartupOnOlderJava() {
		if (Runtime.version().feature() >= 21) {
			try (RunningServer server = RunningServer.start("cfg.grpc.server.virtual-threads=true")) {
				assertThat(Calls.echo(server.channel()).echo(Calls.request("thread")).getText()).endsWith("virtual=true");
			}
		}
		else {
			assertThat(RunningServer.startupFailure("cfg.grpc.server.virtual-threads=true"))
				.startsWith("Invalid value for cfg.grpc.server.virtual-threads: 'true'")
				.contains("Java 21 or newer");
		}
	}

	@Test
	void configuredInterceptorsRunWithInjectedBeans() {
		try (RunningServer server = RunningServer.start(
				"cfg.grpc.server.interceptors=dev.cfg.grpc.testapp.StampInterceptor")) {
			AtomicReference<Metadata> headers = new AtomicReference<>();
			Channel channel = ClientInterceptors.intercept(server.channel(), capturingHeaders(headers));
			Calls.echo(channel).echo(Calls.request("hi"));
			assertThat(headers.get().get(StampInterceptor.HEADER)).isEqualTo("injected");
		}
	}

	@Test
	void unknownInterceptorClassFailsStartupNamingTheKey() {
		assertThat(RunningServer.startupFailure("cfg.grpc.server.interceptors=com.example.Missing"))
			.startsWith("Invalid value for cfg.grpc.server.interceptors: 'com.example.Missing'")
			.contains("class not found");
		assertThat(RunningServer.startupFailure("cfg.grpc.server.interceptors=java.lang.String"))
			.contains("java.lang.String does not");
	}

	@Test
	void everyKindOfMethodIsServed() throws Exception {
		try (RunningServer server = RunningServer.start()) {
			var echo = Calls.echo(server.channel());
			assertThat(echo.echo(Calls.request("one")).getText()).isEqualTo("one");
			List<String> streamed = new ArrayList<>();
			echo.echoStream(Calls.request("s")).forEachRemaining((reply) -> streamed.add(reply.getText()));
			assertThat(streamed).containsExactly("s0", "s1", "s2");

			var async = EchoServiceGrpc.newStub(server.channel());
			CompletableFuture<String> collected = new CompletableFuture<>();
			StreamObserver<EchoRequest> upload = async.collect(completing(collected));
			upload.onNext(Calls.request("a"));
			upload.onNext(Calls.request("b"));
			upload.onCompleted();
			assertThat(collected.get(10, TimeUnit.SECONDS)).isEqualTo("ab");

			CompletableFuture<String> chatted = new CompletableFuture<>();
			StringBuilder heard = new StringBuilder();
			StreamObserver<EchoRequest> chat = async.chat(new StreamObserver<>() {
				@Override
				public void onNext(EchoReply value) {
					heard.append(value.getText());
				}

				@Override
				public void onError(Throwable t) {
					chatted.completeExceptionally(t);
				}

				@Override
				public void onCompleted() {
					chatted.complete(heard.toString());
				}
			});
			chat.onNext(Calls.request("x"));
			chat.onNext(Calls.request("y"));
			chat.onCompleted();
			assertThat(chatted.get(10, TimeUnit.SECONDS)).isEqualTo("xy");
		}
	}

	private static StreamObserver<EchoReply> completing(CompletableFuture<String> result) {
		return new StreamObserver<>() {
			@Override
			public void onNext(EchoReply value) {
				result.complete(value.getText());
			}

			@Override
			public void onError(Throwable t) {
				result.completeExceptionally(t);
			}

			@Override
			public void onCompleted() {
			}
		};
	}

	private static String responseEncoding(Channel channel) {
		AtomicReference<Metadata> headers = new AtomicReference<>();
		EchoReply reply = Calls.echo(ClientInterceptors.intercept(channel, capturingHeaders(headers)))
			.echo(EchoRequest.newBuilder().setText("compress me").setReplyPadding(5000).build());
		assertThat(reply.getPadding().size()).isEqualTo(5000);
		return headers.get().get(ENCODING);
	}

	private static ClientInterceptor capturingHeaders(AtomicReference<Metadata> headers) {
		return new ClientInterceptor() {
			@Override
			public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
					CallOptions options, Channel next) {
				return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
					@Override
					public void start(Listener<RespT> listener, Metadata requestHeaders) {
						super.start(new SimpleForwardingClientCallListener<>(listener) {
							@Override
							public void onHeaders(Metadata responseHeaders) {
								headers.set(responseHeaders);
								super.onHeaders(responseHeaders);
							}
						}, requestHeaders);
					}
				};
			}
		};
	}

}
