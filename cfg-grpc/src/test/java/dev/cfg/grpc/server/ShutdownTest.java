package dev.cfg.grpc.server;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import dev.cfg.grpc.test.echo.EchoReply;
import dev.cfg.grpc.test.echo.EchoRequest;
import dev.cfg.grpc.test.echo.EchoServiceGrpc;
import dev.cfg.grpc.testapp.EchoGrpcService;
import dev.cfg.grpc.testapp.RunningServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class ShutdownTest {

	@Test
	void callsInFlightFinishWithinTheGracePeriodWhileHealthSaysNotServing() throws Exception {
		RunningServer server = RunningServer.start("cfg.grpc.server.shutdown-grace-period=3s");
		ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
		try {
			BlockingQueue<ServingStatus> overall = watchHealth(channel, "");
			BlockingQueue<ServingStatus> echo = watchHealth(channel, "cfg.test.EchoService");
			assertThat(overall.poll(5, TimeUnit.SECONDS)).isEqualTo(ServingStatus.SERVING);
			assertThat(echo.poll(5, TimeUnit.SECONDS)).isEqualTo(ServingStatus.SERVING);

			ListenableFuture<EchoReply> slow = EchoServiceGrpc.newFutureStub(channel)
				.echo(EchoRequest.newBuilder().setText("slow").setDelayMs(1500).build());
			awaitRunning(server.context());

			Thread closer = new Thread(server.context()::close);
			closer.start();
			assertThat(overall.poll(5, TimeUnit.SECONDS)).isEqualTo(ServingStatus.NOT_SERVING);
			assertThat(echo.poll(5, TimeUnit.SECONDS)).isEqualTo(ServingStatus.NOT_SERVING);
			assertThat(slow.get(10, TimeUnit.SECONDS).getText()).isEqualTo("slow");
			closer.join(15_000);
			assertThat(closer.isAlive()).isFalse();
		}
		finally {
			channel.shutdownNow();
			server.close();
		}
	}

	@Test
	void callsStillRunningWhenTheGracePeriodEndsAreCancelled() throws Exception {
		RunningServer server = RunningServer.start("cfg.grpc.server.shutdown-grace-period=1s");
		try {
			ListenableFuture<EchoReply> tooSlow = EchoServiceGrpc.newFutureStub(server.channel())
				.echo(EchoRequest.newBuilder().setText("too slow").setDelayMs(8000).build());
			awaitRunning(server.context());
			server.context().close();
			Throwable failure = catchThrowable(() -> tooSlow.get(6, TimeUnit.SECONDS));
			assertThat(failure).isInstanceOf(java.util.concurrent.ExecutionException.class)
				.hasCauseInstanceOf(io.grpc.StatusRuntimeException.class);
		}
		finally {
			server.close();
		}
	}

	private static void awaitRunning(ConfigurableApplicationContext context) {
		EchoGrpcService echo = context.getBean(EchoGrpcService.class);
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(1)).until(() -> echo.runningNow() > 0);
		assertThat(echo.runningNow()).isOne();
	}

	private static BlockingQueue<ServingStatus> watchHealth(ManagedChannel channel, String service) {
		BlockingQueue<ServingStatus> statuses = new LinkedBlockingQueue<>();
		HealthGrpc.newStub(channel)
			.watch(HealthCheckRequest.newBuilder().setService(service).build(), new StreamObserver<>() {
				@Override
				public void onNext(HealthCheckResponse value) {
					statuses.add(value.getStatus());
				}

				@Override
				public void onError(Throwable t) {
				}

				@Override
				public void onCompleted() {
				}
			});
		return statuses;
	}

}
