package dev.cfg.grpc.pipeline;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;

import dev.cfg.grpc.test.echo.EchoServiceGrpc;
import dev.cfg.grpc.test.validated.OrderDeskServiceGrpc;
import dev.cfg.grpc.test.validated.PlaceOrder;
import dev.cfg.grpc.testapp.Calls;
import dev.cfg.grpc.testapp.RunningServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * CallCompleted events on a real server: one per call, refused calls included, delivered off the
 * call's thread, and a listener that throws harms neither the calls nor the events after it.
 */
class CallEventsTest {

	private static final Metadata.Key<String> REQUEST_ID = Metadata.Key.of("x-request-id",
			Metadata.ASCII_STRING_MARSHALLER);

	@Test
	void oneEventPerCallRefusedOnesIncludedOffTheCallsThread() {
		List<CallCompleted> events = new CopyOnWriteArrayList<>();
		List<String> threads = new CopyOnWriteArrayList<>();
		try (RunningServer server = RunningServer.start()) {
			server.context().addApplicationListener((ApplicationListener<PayloadApplicationEvent<CallCompleted>>) (event) -> {
				events.add(event.getPayload());
				threads.add(Thread.currentThread().getName());
			});
			List<String> requestIds = new CopyOnWriteArrayList<>();
			for (int i = 0; i < 5; i++) {
				var trailers = new AtomicReference<Metadata>();
				EchoServiceGrpc.newBlockingStub(server.channel())
					.withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(new AtomicReference<>(),
							trailers))
					.echo(Calls.request("hello " + i));
				requestIds.add(trailers.get().get(REQUEST_ID));
			}
			StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
					() -> OrderDeskServiceGrpc.newBlockingStub(server.channel())
						.place(PlaceOrder.newBuilder().setEmail("not an email").build()));
			assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);

			Awaitility.await().atMost(2, TimeUnit.MINUTES).until(() -> events.size() >= 6);
			Map<String, Long> perRequest = events.stream()
				.collect(Collectors.groupingBy(CallCompleted::requestId, Collectors.counting()));
			assertThat(perRequest).as("once per call").allSatisfy((id, count) -> assertThat(count).isOne());
			assertThat(perRequest.keySet()).containsAll(requestIds);
			assertThat(events).filteredOn((event) -> event.fullMethodName().equals("cfg.test.EchoService/Echo"))
				.hasSize(5)
				.allSatisfy((event) -> {
					assertThat(event.code()).isEqualTo(Status.Code.OK);
					assertThat(event.failed()).isFalse();
					assertThat(event.duration()).isNotNull();
				});
			assertThat(events).filteredOn((event) -> event.fullMethodName().equals("cfg.test.validated.OrderDeskService/Place"))
				.singleElement()
				.satisfies((event) -> {
					assertThat(event.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
					assertThat(event.failed()).isTrue();
					assertThat(event.description()).startsWith("Invalid request: ");
					assertThat(event.outcome()).isEqualTo(CallOutcome.ERROR);
				});
			assertThat(threads).as("never on the call's thread").containsOnly("cfg-grpc-call-events");
		}
	}

	@Test
	void aListenerThatThrowsHarmsNeitherTheCallsNorTheLaterEvents() {
		AtomicInteger heard = new AtomicInteger();
		try (RunningServer server = RunningServer.start()) {
			server.context().addApplicationListener((ApplicationListener<PayloadApplicationEvent<CallCompleted>>) (event) -> heard.incrementAndGet());
			server.context().addApplicationListener((ApplicationListener<PayloadApplicationEvent<CallCompleted>>) (event) -> {
				throw new IllegalStateException("a listener that always fails");
			});
			for (int i = 0; i < 10; i++) {
				assertThat(Calls.echo(server.channel()).echo(Calls.request("still served " + i)).getText())
					.contains("still served " + i);
			}
			Awaitility.await().atMost(2, TimeUnit.MINUTES).until(() -> heard.get() >= 10);
		}
	}

}
