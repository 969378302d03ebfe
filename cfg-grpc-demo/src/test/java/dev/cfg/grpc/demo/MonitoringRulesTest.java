package dev.cfg.grpc.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.TestPropertySource;

import dev.cfg.grpc.demo.api.products.GetProductRequest;
import dev.cfg.grpc.demo.api.products.ProductServiceGrpc;
import dev.cfg.grpc.test.CfgGrpcTest;
import dev.cfg.grpc.test.GrpcTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operators' files in deploy/: the Prometheus alert rules pass {@code promtool}'s checks and
 * its unit tests, the scrape configuration is valid, and every metric the rules and the Grafana
 * dashboard read is one this server really exports (read from its own Prometheus scrape after a
 * few calls), so a renamed meter cannot leave a dashboard blank.
 */
@CfgGrpcTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = { "spring.datasource.url=jdbc:h2:mem:demo-monitoring;DB_CLOSE_DELAY=-1",
		"cfg.grpc.rate-limit.enabled=true", "cfg.grpc.rate-limit.per-address=1", "cfg.grpc.rate-limit.burst=1s" })
class MonitoringRulesTest {

	private static final Path PROMETHEUS = Path.of("../deploy/prometheus");

	private static final Path DASHBOARD = Path.of("../deploy/grafana/cfg-grpc-dashboard.json");

	/** Metric names in a PromQL expression: cfg-grpc's and gRPC's own. */
	private static final Pattern METRIC = Pattern.compile("\\b((?:grpc_server|cfg_grpc)_[a-z_]+)\\b");

	@Autowired
	GrpcTestClient grpc;

	@Autowired
	PrometheusMeterRegistry prometheus;

	@Test
	void promtoolChecksAndTestsTheRulesAndTheScrapeConfiguration() throws Exception {
		Path promtool = Path.of("/usr/bin/promtool");
		if (!Files.isExecutable(promtool)) {
			assertThat(System.getenv("CFG_GRPC_TEST_PROMTOOL")).as("Debian's prometheus (promtool) is required")
				.isNotEqualTo("required");
			Assumptions.abort("promtool is not installed; .ci/run installs Debian's prometheus package");
		}
		assertThat(run(promtool.toString(), "check", "rules", "cfg-grpc-alerts.yml")).contains("SUCCESS: 5 rules found");
		assertThat(run(promtool.toString(), "test", "rules", "cfg-grpc-alerts.test.yml")).contains("SUCCESS");
		assertThat(run(promtool.toString(), "check", "config", "--syntax-only", "prometheus.yml")).contains("SUCCESS");
	}

	@Test
	void everyMetricTheRulesAndTheDashboardReadIsExported() throws Exception {
		var products = this.grpc.anonymous().stub(ProductServiceGrpc::newBlockingStub);
		for (int i = 0; i < 5; i++) {
			try {
				products.getProduct(GetProductRequest.newBuilder().setId(1).build());
			}
			catch (io.grpc.StatusRuntimeException ex) {
				// Past the rate of one a second: the refusals the dashboard counts.
			}
		}
		this.grpc.anonymous().stub(HealthGrpc::newBlockingStub).check(HealthCheckRequest.getDefaultInstance());

		Set<String> read = new TreeSet<>();
		read.addAll(metrics(Files.readString(PROMETHEUS.resolve("cfg-grpc-alerts.yml"))));
		JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
		for (JsonNode panel : dashboard.get("panels")) {
			assertThat(panel.get("targets")).as(panel.get("title").asString()).isNotEmpty();
			for (JsonNode target : panel.get("targets")) {
				read.addAll(metrics(target.get("expr").asString()));
			}
		}
		assertThat(read).contains("grpc_server_call_duration_seconds_bucket", "cfg_grpc_request_log_dropped_total",
				"cfg_grpc_server_calls_active", "cfg_grpc_fleet_instances", "cfg_grpc_rate_limit_refused_total");
		String scrape = this.prometheus.scrape();
		for (String metric : read) {
			assertThat(scrape).as(metric + " in the server's scrape").containsPattern("(?m)^" + metric + "[{ ]");
		}
	}

	private static Set<String> metrics(String text) {
		Set<String> names = new TreeSet<>();
		Matcher matcher = METRIC.matcher(text);
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

	private static String run(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(List.of(command)).directory(PROMETHEUS.toFile())
			.redirectErrorStream(true)
			.start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as(output).isZero();
		return output;
	}

}
