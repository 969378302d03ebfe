package dev.cfg.grpc.monitor;

import java.time.Duration;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /cfg/grpc/monitor/tail/}: calls as they finish, as server-sent events (staff only, as
 * the rest of the monitoring API). Each event is named {@code calls}, with the calls that ended
 * since the last one, oldest first: {@code {"calls": [{...}, ...], "dropped": n}}, where
 * {@code dropped} counts the calls this stream lost because it read too slowly.
 */
@RestController
class TailController {

	/** How long one stream stays open; browsers reconnect on their own. */
	private static final Duration STREAM_LIFETIME = Duration.ofMinutes(30);

	private final LiveTail tail;

	TailController(LiveTail tail) {
		this.tail = tail;
	}

	@GetMapping(path = "/cfg/grpc/monitor/tail/", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(summary = "Calls as they finish (server-sent events)")
	SseEmitter tail(@Parameter(description = "Only this service (full name)") @RequestParam(required = false) String service,
			@Parameter(description = "Only this method (its name)") @RequestParam(required = false) String method,
			@Parameter(description = "Only this status code, or 'errors' for every failure") @RequestParam(
					required = false) String status,
			@Parameter(description = "Only this user's calls") @RequestParam(required = false) String user) {
		return this.tail.watch(new LiveTail.TailFilter(service, method, status, user), STREAM_LIFETIME.toMillis());
	}

}
