package dev.cfg.grpc.monitor;

import java.time.Duration;
import java.time.Instant;

import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.web.server.ResponseStatusException;

import dev.cfg.grpc.pipeline.CallCompleted;
import dev.cfg.grpc.pipeline.CallOutcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The live tail's promise to the calls it watches: handing a finished call to watchers never
 * waits, whatever they read; a watcher that does not keep up loses calls past its queue, counted.
 */
class LiveTailTest {

	@Test
	void aWatcherThatDoesNotReadLosesCallsPastItsQueueAndTheCallsDoNotWait() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		// Not started: nothing sends, as if the watcher's browser had stopped reading.
		LiveTail tail = new LiveTail(meters);
		tail.watch(new LiveTail.TailFilter(null, null, null, null), 60_000);
		tail.watch(new LiveTail.TailFilter(null, "Other", null, null), 60_000);
		for (int i = 0; i < LiveTail.QUEUE + 250; i++) {
			tail.completed(call("id-" + i, "Get", Status.OK));
		}
		assertThat(meters.get("cfg.grpc.live_tail.dropped").counter().count())
			.as("the first watcher's overflow; the second's filter took none").isEqualTo(250);
	}

	@Test
	void watchersAreBounded() {
		LiveTail tail = new LiveTail(new SimpleMeterRegistry());
		for (int i = 0; i < LiveTail.MAX_WATCHERS; i++) {
			tail.watch(new LiveTail.TailFilter(null, null, null, null), 60_000);
		}
		assertThatExceptionOfType(ResponseStatusException.class)
			.isThrownBy(() -> tail.watch(new LiveTail.TailFilter(null, null, null, null), 60_000))
			.satisfies((ex) -> assertThat(ex.getStatusCode().value()).isEqualTo(503));
	}

	@Test
	void filtersMatchServiceMethodStatusAndUser() {
		LiveTail.TailFilter errors = new LiveTail.TailFilter("api.Things", " ", "errors", "");
		assertThat(errors.passes(call("a", "Get", Status.NOT_FOUND))).isTrue();
		assertThat(errors.passes(call("b", "Get", Status.OK))).isFalse();
		LiveTail.TailFilter notFound = new LiveTail.TailFilter(null, "Get", "not_found", null);
		assertThat(notFound.passes(call("c", "Get", Status.NOT_FOUND))).isTrue();
		assertThat(notFound.passes(call("d", "List", Status.NOT_FOUND))).isFalse();
		assertThat(new LiveTail.TailFilter("api.Other", null, null, null).passes(call("e", "Get", Status.OK))).isFalse();
		assertThat(new LiveTail.TailFilter(null, null, null, "alice").passes(call("f", "Get", Status.OK))).isFalse();
	}

	private static CallCompleted call(String requestId, String method, Status status) {
		return new CallCompleted(requestId, "api.Things/" + method, MethodDescriptor.MethodType.UNARY, status,
				status.isOk() ? CallOutcome.SUCCESS : CallOutcome.ERROR, null, Instant.parse("2026-12-07T03:00:00Z"),
				Duration.ofMillis(3), null, "127.0.0.1", "test", "127.0.0.1:5000", "grpc", 1, 1, 10, 10, null, null,
				null, null, null);
	}

}
