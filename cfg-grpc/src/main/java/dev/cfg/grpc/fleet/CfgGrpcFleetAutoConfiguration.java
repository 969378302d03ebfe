package dev.cfg.grpc.fleet;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.cfg.grpc.config.CfgGrpcProperties;
import dev.cfg.grpc.config.ConditionalOnCfgGrpcEnabled;
import dev.cfg.grpc.log.CfgGrpcLogAutoConfiguration;
import dev.cfg.grpc.log.RequestLog;
import dev.cfg.grpc.pipeline.ServerInstance;

/**
 * The server instance table: this instance's row and heartbeat, reports of lost instances, and
 * {@link ServerInstances} to read it. On when the application has a database; off with
 * {@code cfg.grpc.fleet.enabled=false} or {@code cfg.grpc.enabled=false}.
 */
@AutoConfiguration(after = CfgGrpcLogAutoConfiguration.class)
@ConditionalOnCfgGrpcEnabled
@ConditionalOnBooleanProperty(name = "cfg.grpc.fleet.enabled", matchIfMissing = true)
@ConditionalOnBean({ JdbcTemplate.class, RequestLog.class })
public final class CfgGrpcFleetAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ServerInstances cfgGrpcServerInstances(JdbcTemplate jdbc, ObjectProvider<Clock> clock) {
		return new ServerInstances(jdbc, clock.getIfUnique(Clock::systemUTC));
	}

	/**
	 * The fleet's instances by state, as the gauge {@code cfg.grpc.fleet.instances{state}}: read
	 * from the table at most every 10 seconds, however often it is scraped.
	 */
	@Bean
	MeterBinder cfgGrpcInstancesGauge(ServerInstances instances) {
		LoadingCache<Boolean, Map<InstanceState, Long>> counts = Caffeine.newBuilder()
			.expireAfterWrite(Duration.ofSeconds(10))
			.build((all) -> instances.list()
				.stream()
				.collect(Collectors.groupingBy(InstanceRecord::state, Collectors.counting())));
		return (registry) -> {
			for (InstanceState state : InstanceState.values()) {
				Gauge.builder("cfg.grpc.fleet.instances", () -> counts.get(Boolean.TRUE).getOrDefault(state, 0L))
					.description("Server instances in the fleet's table, by state")
					.tag("state", state.word())
					.register(registry);
			}
		};
	}

	@Bean
	InstanceHeartbeat cfgGrpcInstanceHeartbeat(ServerInstances instances, ServerInstance self, RequestLog log,
			CfgGrpcProperties properties, Environment environment, ObjectProvider<Clock> clock) {
		CfgGrpcProperties.Fleet fleet = properties.fleet();
		return new InstanceHeartbeat(instances, self, environment.getProperty("spring.application.version"),
				fleet.heartbeatInterval(), fleet.staleAfter(), new LostInstanceReport(log, fleet.heartbeatInterval()),
				clock.getIfUnique(Clock::systemUTC));
	}

}
