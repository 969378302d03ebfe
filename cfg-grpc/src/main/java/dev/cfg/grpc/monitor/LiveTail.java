package dev.cfg.grpc.monitor;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.cfg.grpc.pipeline.CallCompleted;
import dev.cfg.grpc.pipeline.CallObserver;

/**
 * Calls as they finish, pushed to whoever watches (server-sent events): the admin's live tail and
 * {@code curl -N}. A finished call is offered to each watcher whose filter it passes, into that
 * watcher's bounded queue, without waiting: a slow or gone watcher loses events (counted, and told
 * with the next event it gets) and never slows a call. One thread of its own sends the queued
 * events ({@link #sendAll}); a watcher whose connection fails is dropped.
 */
final class LiveTail implements CallObserver {

	/** Events a watcher may have waiting; more are dropped. */
	static final int QUEUE = 1000;

	/** Streams open at once; more are refused, so that watchers cost a bounded memory and time. */
	static final int MAX_WATCHERS = 100;

	/**
	 * How often the sender looks for events: a queue fills in this time only above
	 * {@link #QUEUE} × 50 calls a second.
	 */
	static final Duration SEND_EVERY = Duration.ofMillis(20);

	/** How often an idle stream gets a comment, so that a closed one is noticed. */
	private static final long HEARTBEAT_EVERY_MILLIS = 15_000;

	private final List<Watcher> watchers = new CopyOnWriteArrayList<>();

	private final Counter dropped;

	private volatile long lastHeartbeat = System.nanoTime();

	/**
	 * @param meters where events dropped for slow watchers are counted
	 */
	LiveTail(MeterRegistry meters) {
		this.dropped = Counter.builder("cfg.grpc.live_tail.dropped")
			.description("Finished calls not sent to a live-tail watcher that was too slow")
			.register(meters);
	}

	/**
	 * Starts watching.
	 * @param filter which calls to send
	 * @param timeoutMillis how long the stream stays open before the browser reconnects
	 * @return the stream
	 * @throws ResponseStatusException 503 when {@link #MAX_WATCHERS} streams are open
	 */
	SseEmitter watch(TailFilter filter, long timeoutMillis) {
		if (this.watchers.size() >= MAX_WATCHERS) {
			throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
					"The live tail has " + MAX_WATCHERS + " watchers already; close one and try again");
		}
		SseEmitter emitter = new SseEmitter(timeoutMillis);
		Watcher watcher = new Watcher(emitter, filter);
		emitter.onCompletion(() -> this.watchers.remove(watcher));
		emitter.onTimeout(() -> this.watchers.remove(watcher));
		emitter.onError((ex) -> this.watchers.remove(watcher));
		this.watchers.add(watcher);
		try {
			// The stream opens at once, so that the page knows it is connected before any call ends.
			emitter.send(SseEmitter.event().comment("watching"));
		}
		catch (IOException ex) {
			this.watchers.remove(watcher);
		}
		return emitter;
	}

	@Override
	public void completed(CallCompleted call) {
		if (this.watchers.isEmpty()) {
			return;
		}
		TailEvent event = null;
		for (Watcher watcher : this.watchers) {
			if (watcher.filter().passes(call)) {
				event = (event != null) ? event : TailEvent.of(call);
				if (!watcher.queue().offer(event)) {
					watcher.dropped().incrementAndGet();
					this.dropped.increment();
				}
			}
		}
	}

	/**
	 * Sends what each watcher has waiting; an idle stream gets a comment now and then, so that a
	 * closed one is noticed. Run every {@link #SEND_EVERY} by one thread.
	 */
	void sendAll() {
		long now = System.nanoTime();
		boolean heartbeat = now - this.lastHeartbeat > TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_EVERY_MILLIS);
		if (heartbeat) {
			this.lastHeartbeat = now;
		}
		for (Watcher watcher : this.watchers) {
			send(watcher, heartbeat);
		}
	}

	/** Ends every stream, as the application stops. */
	void closeAll() {
		this.watchers.forEach((watcher) -> watcher.emitter().complete());
		this.watchers.clear();
	}

	private void send(Watcher watcher, boolean heartbeat) {
		List<TailEvent> events = new ArrayList<>();
		watcher.queue().drainTo(events);
		try {
			if (!events.isEmpty()) {
				// All that waited, in one message: one write and one flush a round, whatever the rate.
				watcher.emitter()
					.send(SseEmitter.event()
						.name("calls")
						.data(Map.of("calls", events, "dropped", watcher.dropped().get()), MediaType.APPLICATION_JSON));
			}
			if (events.isEmpty() && heartbeat) {
				watcher.emitter().send(SseEmitter.event().comment("still here"));
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The watcher went away (or its stream was completed): it watches no more.
			this.watchers.remove(watcher);
			watcher.emitter().completeWithError(ex);
		}
	}

	/** One open stream: its filter, its queue and what it lost. */
	private record Watcher(SseEmitter emitter, TailFilter filter, ArrayBlockingQueue<TailEvent> queue,
			AtomicLong dropped) {

		Watcher(SseEmitter emitter, TailFilter filter) {
			this(emitter, filter, new ArrayBlockingQueue<>(QUEUE), new AtomicLong());
		}

	}

	/**
	 * Which calls a watcher is sent; an empty part matches every call.
	 *
	 * @param service the full service name, such as {@code api.users.UserService}
	 * @param method the method's name, such as {@code GetUser}
	 * @param status a status code name, such as {@code NOT_FOUND}, or {@code errors} for any failure
	 * @param user a username
	 */
	record TailFilter(String service, String method, String status, String user) {

		TailFilter {
			service = blankIsNull(service);
			method = blankIsNull(method);
			status = blankIsNull(status);
			user = blankIsNull(user);
		}

		boolean passes(CallCompleted call) {
			return (this.service == null || this.service.equals(call.serviceName()))
					&& (this.method == null || this.method.equals(call.methodName()))
					&& (this.status == null || ("errors".equalsIgnoreCase(this.status) ? call.failed()
							: this.status.equalsIgnoreCase(call.code().name())))
					&& (this.user == null || this.user.equals(call.username()));
		}

		private static String blankIsNull(String text) {
			return (text == null || text.isBlank()) ? null : text.strip();
		}

	}

	/**
	 * One finished call as a watcher sees it.
	 *
	 * @param requestId the call's request id
	 * @param completedAt when it ended, ISO-8601
	 * @param service the service's full name
	 * @param method the method's name
	 * @param status the status code's name
	 * @param message the status message of a failed call
	 * @param durationMs how long it took
	 * @param user the caller's username, or null
	 * @param clientIp the client's address, or null
	 * @param protocol how the call arrived
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record TailEvent(String requestId, String completedAt, String service, String method, String status,
			String message, long durationMs, String user, String clientIp, String protocol) {

		static TailEvent of(CallCompleted call) {
			return new TailEvent(call.requestId(), call.completedAt().toString(), call.serviceName(), call.methodName(),
					call.code().name(), call.failed() ? call.description() : null, call.duration().toMillis(),
					call.username(), call.clientIp(), call.protocol());
		}

	}

}
