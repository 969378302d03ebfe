package dev.cfg.grpc.monitor;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.cfg.grpc.config.CfgGrpcProperties;
import dev.cfg.grpc.fleet.ServerInstances;
import dev.cfg.grpc.log.CallStatistics;
import dev.cfg.grpc.log.RequestFilter;
import dev.cfg.grpc.log.RequestLog;
import dev.cfg.grpc.log.RequestLogRecord;
import dev.cfg.grpc.log.TimelinePoint;
import dev.cfg.grpc.pipeline.ActiveCalls;
import dev.cfg.grpc.pipeline.CallOutcome;
import dev.cfg.grpc.pipeline.ServerInstance;

/**
 * The monitoring REST API at {@code /cfg/grpc/monitor/}, for staff: an HTTP face over
 * {@link RequestLog} and the {@link ActiveCalls}, in the JSON shapes of the original (snake_case)
 * plus percentiles, a minute interval, a date range and the calls in flight. See {@code docs/monitoring.md}; the annotations describe it in the OpenAPI
 * document when springdoc is present.
 */
@RestController
@RequestMapping(path = "/cfg/grpc/monitor", produces = "application/json")
@Tag(name = "cfg-grpc monitoring", description = "The gRPC request log, added up; staff only")
@SecurityRequirement(name = "bearer")
@SecurityRequirement(name = "basic")
@ApiResponse(responseCode = "400", description = "A parameter could not be read",
		content = @Content(schema = @Schema(implementation = MonitorResponses.Problem.class)))
@ApiResponse(responseCode = "401", description = "No valid credentials", content = @Content)
@ApiResponse(responseCode = "403", description = "Signed in, but not staff", content = @Content)
class MonitorController {

	/** How long one live-tail stream stays open; browsers reconnect on their own. */
	private static final Duration TAIL_LIFETIME = Duration.ofMinutes(30);

	private static final String HOURS = "The last this many hours (default 24, clamped to 1..168); ignored with from or to";

	private static final String FROM = "Start of a range, an ISO-8601 instant (default: 24 hours before to)";

	private static final String TO = "End of a range, an ISO-8601 instant (default: now); at most 366 days after from";

	private final RequestLog log;

	private final ActiveCalls active;

	private final CfgGrpcProperties properties;

	private final Clock clock;

	private final ServerInstance self;

	private final ObjectProvider<ServerInstances> instances;

	private final LiveTail tail;

	MonitorController(RequestLog log, ActiveCalls active, CfgGrpcProperties properties, Clock clock,
			ServerInstance self, ObjectProvider<ServerInstances> instances, LiveTail tail) {
		this.tail = tail;
		this.self = self;
		this.instances = instances;
		this.log = log;
		this.active = active;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Calls as they finish, as server-sent events. Each event is named {@code calls}, with the calls
	 * that ended since the last one, oldest first: {@code {"calls": [{...}, ...], "dropped": n}},
	 * where {@code dropped} counts the calls this stream lost because it read too slowly.
	 */
	@GetMapping(path = "/tail/", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(summary = "Calls as they finish, as server-sent events named 'calls'",
			description = "Data: {\"calls\": [{\"requestId\", \"completedAt\", \"service\", \"method\", \"status\", "
					+ "\"message\", \"durationMs\", \"user\", \"clientIp\", \"protocol\"}], \"dropped\": n}, the calls that "
					+ "ended since the previous event. A stream lasts 30 minutes; a browser's EventSource reconnects by itself.")
	@ApiResponse(responseCode = "200", description = "The stream",
			content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string")))
	SseEmitter tail(@Parameter(description = "Only this service (full name)") @RequestParam(required = false) String service,
			@Parameter(description = "Only this method (its name)") @RequestParam(required = false) String method,
			@Parameter(description = "Only this status code, or 'errors' for every failure") @RequestParam(
					required = false) String status,
			@Parameter(description = "Only this user's calls") @RequestParam(required = false) String user) {
		return this.tail.watch(new LiveTail.TailFilter(service, method, status, user), TAIL_LIFETIME.toMillis());
	}

	@GetMapping("/health/")
	@Operation(summary = "The server's address and the calls in flight")
	MonitorResponses.Health health() {
		return new MonitorResponses.Health("healthy", this.properties.server().host(), this.properties.server().port(),
				this.properties.enabled(), this.active.count(), this.clock.instant().toString());
	}

	@GetMapping("/overview/")
	@Operation(summary = "Totals, success rate and percentiles of all calls in a window",
			description = "Counted by whole minutes: a window includes every minute it touches.")
	MonitorResponses.Overview overview(@Parameter(description = HOURS) @RequestParam(required = false) String hours,
			@Parameter(description = FROM) @RequestParam(required = false) String from,
			@Parameter(description = TO) @RequestParam(required = false) String to) {
		MonitorParameters.Window window = MonitorParameters.window(hours, from, to, this.clock);
		CallStatistics all = this.log.statistics(window.range());
		return new MonitorResponses.Overview(all.total(), all.successful(), all.errors(), all.cancelled(),
				all.timeouts(), MonitorResponses.round(all.successRate()), MonitorResponses.round(all.averageMs()),
				MonitorResponses.round(all.p50Ms()), MonitorResponses.round(all.p95Ms()), MonitorResponses.round(all.p99Ms()),
				window.periodHours());
	}

	@GetMapping("/requests/")
	@Operation(summary = "Calls, newest first, a page at a time")
	MonitorResponses.RequestPage requests(
			@Parameter(description = "Calls a page (default 50, clamped to 1..200)") @RequestParam(required = false) String count,
			@Parameter(description = "Calls to skip (default 0)") @RequestParam(required = false) String offset,
			@Parameter(description = "Only this service, for example api.users.UserService") @RequestParam(required = false) String service,
			@Parameter(description = "Only this method, for example GetUser") @RequestParam(required = false) String method,
			@Parameter(description = "Only calls that ended so",
					schema = @Schema(allowableValues = { "success", "error", "cancelled", "timeout" })) @RequestParam(required = false) String status) {
		int limit = MonitorParameters.clamp(MonitorParameters.integer("count", count, 50), 1, 200);
		int skip = MonitorParameters.integer("offset", offset, 0);
		if (skip < 0) {
			throw new MonitorParameters.BadParameter("offset must not be negative");
		}
		String state = MonitorParameters.oneOf("status", status, MonitorParameters.STATUSES, null);
		RequestFilter filter = RequestFilter.builder()
			.service(service)
			.method(method)
			.outcome((state != null) ? CallOutcome.fromWord(state).orElseThrow() : null)
			.build();
		List<MonitorResponses.Request> requests = this.log.find(filter, limit, skip)
			.stream()
			.map(MonitorController::request)
			.toList();
		long total = this.log.count(filter);
		return new MonitorResponses.RequestPage(requests, requests.size(), total, skip, skip + requests.size() < total);
	}

	@GetMapping("/requests/{requestId}/")
	@Operation(summary = "One call with everything stored of it, its bodies included")
	@ApiResponse(responseCode = "404", description = "No call with this request id",
			content = @Content(schema = @Schema(implementation = MonitorResponses.Problem.class)))
	MonitorResponses.RequestDetail request(@PathVariable String requestId) {
		RequestLogRecord call = this.log.get(requestId).orElseThrow(UnknownCall::new);
		return new MonitorResponses.RequestDetail(request(call), call.methodType(), call.requestCount(),
				call.responseCount(), call.requestData(), call.responseData(), call.errorDetails(), call.userId(),
				call.apiKeyPrefix(), call.userAgent(), call.peer(), call.protocol(), call.instanceId(), call.traceId(), call.spanId(),
				call.parentRequestId());
	}

	@ExceptionHandler(UnknownCall.class)
	ResponseEntity<MonitorResponses.Problem> unknownCall() {
		return ResponseEntity.status(404).body(new MonitorResponses.Problem("No call with this request id"));
	}

	/** A request id the log does not hold. */
	static final class UnknownCall extends RuntimeException {

		private static final long serialVersionUID = 1L;

		UnknownCall() {
			super("No call with this request id", null, false, false);
		}

	}

	@GetMapping("/services/")
	@Operation(summary = "Calls per service in a window, busiest first")
	MonitorResponses.Services services(@Parameter(description = HOURS) @RequestParam(required = false) String hours,
			@Parameter(description = FROM) @RequestParam(required = false) String from,
			@Parameter(description = TO) @RequestParam(required = false) String to) {
		List<MonitorResponses.ServiceStats> services = this.log
			.services(MonitorParameters.window(hours, from, to, this.clock).range())
			.stream()
			.map((stats) -> new MonitorResponses.ServiceStats(stats.service(), MonitorResponses.WindowStats.of(stats)))
			.toList();
		return new MonitorResponses.Services(services, services.size());
	}

	@GetMapping("/methods/")
	@Operation(summary = "Calls per method in a window, busiest first")
	MonitorResponses.Methods methods(@Parameter(description = HOURS) @RequestParam(required = false) String hours,
			@Parameter(description = FROM) @RequestParam(required = false) String from,
			@Parameter(description = TO) @RequestParam(required = false) String to,
			@Parameter(description = "Only the methods of this service") @RequestParam(required = false) String service) {
		List<MonitorResponses.MethodStats> methods = this.log
			.methods(MonitorParameters.window(hours, from, to, this.clock).range(), service)
			.stream()
			.map((stats) -> new MonitorResponses.MethodStats(stats.method(), stats.service(),
					MonitorResponses.WindowStats.of(stats)))
			.toList();
		return new MonitorResponses.Methods(methods, methods.size());
	}

	@GetMapping("/timeline/")
	@Operation(summary = "Calls per minute, hour or day in a window")
	MonitorResponses.Timeline timeline(@Parameter(description = HOURS) @RequestParam(required = false) String hours,
			@Parameter(description = FROM) @RequestParam(required = false) String from,
			@Parameter(description = TO) @RequestParam(required = false) String to,
			@Parameter(description = "Length of each point (default hour)",
					schema = @Schema(allowableValues = { "minute", "hour", "day" })) @RequestParam(required = false) String interval) {
		MonitorParameters.Window window = MonitorParameters.window(hours, from, to, this.clock);
		String step = MonitorParameters.oneOf("interval", interval, MonitorParameters.INTERVALS, "hour");
		if (step.equals("minute") && Duration.between(window.from(), window.to()).compareTo(Duration.ofDays(7)) > 0) {
			throw new MonitorParameters.BadParameter("interval=minute covers at most 7 days: use hour or day");
		}
		List<MonitorResponses.TimelinePoint> points = this.log
			.timeline(window.range(), TimelinePoint.Step.valueOf(step.toUpperCase(java.util.Locale.ROOT)))
			.stream()
			.map(MonitorResponses.TimelinePoint::of)
			.toList();
		return new MonitorResponses.Timeline(points, window.periodHours(), step);
	}

	@GetMapping("/instances/")
	@Operation(summary = "The server instances on this database: running, stopped, and lost (no heartbeat)")
	MonitorResponses.Instances instances() {
		ServerInstances table = this.instances.getIfAvailable();
		List<MonitorResponses.Instance> rows = (table == null) ? List.of()
				: table.list().stream().map((row) -> MonitorResponses.Instance.of(row, this.self.id())).toList();
		return new MonitorResponses.Instances(rows, rows.size(), this.self.id(), table != null);
	}

	@GetMapping("/active/")
	@Operation(summary = "Calls in flight on the instance that answers, from its memory (not the fleet's)")
	MonitorResponses.Active active() {
		List<MonitorResponses.ActiveCall> calls = this.active.snapshot()
			.stream()
			.map((call) -> new MonitorResponses.ActiveCall(call.requestId(), call.fullMethod(),
					call.startedAt().toString(), Duration.between(call.startedAt(), this.clock.instant()).toMillis(),
					call.peer()))
			.toList();
		return new MonitorResponses.Active(calls, calls.size(), this.self.id(), "local");
	}

	private static MonitorResponses.Request request(RequestLogRecord call) {
		return new MonitorResponses.Request(call.requestId(), call.serviceName(), call.methodName(), call.fullMethod(),
				call.outcome().word(), call.grpcStatusCode(), call.authenticated(), call.durationMs(),
				call.createdAt().toString(), call.completedAt().toString(), call.errorMessage(), call.username(),
				call.clientIp(), call.requestSize(), call.responseSize());
	}

	@ExceptionHandler(MonitorParameters.BadParameter.class)
	ResponseEntity<MonitorResponses.Problem> badParameter(MonitorParameters.BadParameter failure) {
		return ResponseEntity.badRequest().body(new MonitorResponses.Problem(failure.getMessage()));
	}

}
