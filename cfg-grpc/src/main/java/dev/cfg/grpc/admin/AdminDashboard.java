package dev.cfg.grpc.admin;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.cfg.grpc.fleet.ServerInstances;
import dev.cfg.grpc.log.RequestFilter;
import dev.cfg.grpc.log.RequestLog;
import dev.cfg.grpc.log.TimeWindow;
import dev.cfg.grpc.pipeline.ActiveCalls;
import dev.cfg.grpc.pipeline.CallOutcome;

/**
 * The dashboard: totals, percentiles and the busiest services and methods of a period, recent
 * errors, calls in flight and the server instances on the database, read from the per-minute and per-hour totals through
 * {@link RequestLog}; the charts are drawn by the page's script from the monitoring API's timeline.
 */
@Controller
@RequestMapping("${cfg.grpc.admin.path:/admin}")
final class AdminDashboard extends AdminPage {

	/** The periods the dashboard shows, with the step of their charts. */
	enum Period {

		HOUR("1h", 1, "minute"), DAY("24h", 24, "hour"), WEEK("7d", 168, "hour");

		final String label;

		final int hours;

		final String interval;

		Period(String label, int hours, String interval) {
			this.label = label;
			this.hours = hours;
			this.interval = interval;
		}

		public String label() {
			return this.label;
		}

		static Period of(String label) {
			return Arrays.stream(values())
				.filter((period) -> period.label.equals(label))
				.findFirst()
				.orElseThrow(() -> new BadParameterException("period", "one of 1h, 24h, 7d"));
		}

	}

	private static final int TOP = 8;

	private final RequestLog log;

	private final ActiveCalls active;

	private final Clock clock;

	private final ServerInstances instances;

	private final String self;

	AdminDashboard(RequestLog log, ActiveCalls active, Clock clock, ServerInstances instances, String self) {
		this.log = log;
		this.active = active;
		this.clock = clock;
		this.instances = instances;
		this.self = self;
	}

	@GetMapping({ "", "/" })
	String dashboard(@RequestParam(name = "period", defaultValue = "24h") String label, Model model) {
		Period period = Period.of(label);
		TimeWindow window = TimeWindow.last(Duration.ofHours(period.hours), this.clock.instant());
		model.addAttribute("period", period);
		model.addAttribute("periods", List.of(Period.values()));
		model.addAttribute("stats", this.log.statistics(window));
		model.addAttribute("services", top(this.log.services(window)));
		model.addAttribute("methods", top(this.log.methods(window, null)));
		model.addAttribute("recentErrors", this.log.find(RequestFilter.builder()
			.outcome(CallOutcome.ERROR)
			.window(window)
			.build(), 10, 0L));
		model.addAttribute("active", (this.active != null) ? this.active.snapshot() : List.of());
		model.addAttribute("instances", (this.instances != null) ? this.instances.list() : List.of());
		model.addAttribute("self", this.self);
		model.addAttribute("timelineUrl",
				"/cfg/grpc/monitor/timeline/?hours=" + period.hours + "&interval=" + period.interval);
		return page(model, "dashboard", "Dashboard");
	}

	private static <T> List<T> top(List<T> busiestFirst) {
		return busiestFirst.subList(0, Math.min(TOP, busiestFirst.size()));
	}

}
