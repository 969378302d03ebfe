package dev.cfg.grpc.monitor;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.cfg.grpc.config.CfgGrpcProperties;
import dev.cfg.grpc.log.ActiveCalls;

/**
 * The monitoring REST API at {@code /cfg/grpc/monitor/}, for staff, over the request log, in the
 * JSON shapes of the original (snake_case) plus percentiles, a minute interval, a date range and
 * the calls in flight. See {@code docs/monitoring.md}.
 */
@RestController
@RequestMapping(path = "/cfg/grpc/monitor", produces = "application/json")
class MonitorController {

	private final RequestLogQueries queries;

	private final ActiveCalls active;

	private final CfgGrpcProperties properties;

	private final Clock clock;

	MonitorController(RequestLogQueries queries, ActiveCalls active, CfgGrpcProperties properties, Clock clock) {
		this.queries = queries;
		this.active = active;
		this.properties = properties;
		this.clock = clock;
	}

	@GetMapping("/health/")
	Map<String, Object> health() {
		Map<String, Object> health = new LinkedHashMap<>();
		health.put("status", "healthy");
		health.put("server_host", this.properties.server().host());
		health.put("server_port", this.properties.server().port());
		health.put("enabled", this.properties.enabled());
		health.put("active_calls", this.active.snapshot().size());
		health.put("timestamp", this.clock.instant().toString());
		return health;
	}

	@GetMapping("/overview/")
	Map<String, Object> overview(@RequestParam(required = false) String hours, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to) {
		return this.queries.overview(MonitorParameters.window(hours, from, to, this.clock));
	}

	@GetMapping("/requests/")
	Map<String, Object> requests(@RequestParam(required = false) String count,
			@RequestParam(required = false) String offset, @RequestParam(required = false) String service,
			@RequestParam(required = false) String method, @RequestParam(required = false) String status) {
		int limit = MonitorParameters.clamp(MonitorParameters.integer("count", count, 50), 1, 200);
		int skip = MonitorParameters.integer("offset", offset, 0);
		if (skip < 0) {
			throw new MonitorParameters.BadParameter("offset must not be negative");
		}
		String state = MonitorParameters.oneOf("status", status, MonitorParameters.STATUSES, null);
		List<Map<String, Object>> requests = this.queries.requests(service, method, state, limit, skip);
		long total = this.queries.count(service, method, state);
		Map<String, Object> page = new LinkedHashMap<>();
		page.put("requests", requests);
		page.put("count", requests.size());
		page.put("total_available", total);
		page.put("offset", skip);
		page.put("has_more", skip + requests.size() < total);
		return page;
	}

	@GetMapping("/services/")
	Map<String, Object> services(@RequestParam(required = false) String hours, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to) {
		List<Map<String, Object>> services = this.queries.services(MonitorParameters.window(hours, from, to, this.clock));
		return Map.of("services", services, "total_services", services.size());
	}

	@GetMapping("/methods/")
	Map<String, Object> methods(@RequestParam(required = false) String hours, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, @RequestParam(required = false) String service) {
		List<Map<String, Object>> methods = this.queries.methods(MonitorParameters.window(hours, from, to, this.clock),
				service);
		return Map.of("methods", methods, "total_methods", methods.size());
	}

	@GetMapping("/timeline/")
	Map<String, Object> timeline(@RequestParam(required = false) String hours, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, @RequestParam(required = false) String interval) {
		MonitorParameters.Window window = MonitorParameters.window(hours, from, to, this.clock);
		String step = MonitorParameters.oneOf("interval", interval, MonitorParameters.INTERVALS, "hour");
		Map<String, Object> timeline = new LinkedHashMap<>();
		timeline.put("timeline", this.queries.timeline(window, step));
		timeline.put("period_hours", window.periodHours());
		timeline.put("interval", step);
		return timeline;
	}

	@GetMapping("/active/")
	Map<String, Object> active() {
		List<Map<String, Object>> calls = this.active.snapshot().stream().map((call) -> {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("request_id", call.requestId());
			entry.put("full_method", call.fullMethod());
			entry.put("started_at", call.startedAt().toString());
			entry.put("running_ms", java.time.Duration.between(call.startedAt(), this.clock.instant()).toMillis());
			entry.put("peer", call.peer());
			return entry;
		}).toList();
		return Map.of("active", calls, "count", calls.size());
	}

	@ExceptionHandler(MonitorParameters.BadParameter.class)
	ResponseEntity<Map<String, Object>> badParameter(MonitorParameters.BadParameter failure) {
		return ResponseEntity.badRequest().body(Map.of("error", failure.getMessage()));
	}

}
