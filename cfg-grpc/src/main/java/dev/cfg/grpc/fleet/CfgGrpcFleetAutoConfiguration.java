package dev.cfg.grpc.fleet;

import java.time.Clock;

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

	@Bean
	InstanceHeartbeat cfgGrpcInstanceHeartbeat(ServerInstances instances, ServerInstance self, RequestLog log,
			CfgGrpcProperties properties, Environment environment, ObjectProvider<Clock> clock) {
		CfgGrpcProperties.Fleet fleet = properties.fleet();
		return new InstanceHeartbeat(instances, self, environment.getProperty("spring.application.version"),
				fleet.heartbeatInterval(), fleet.staleAfter(), new LostInstanceReport(log, fleet.heartbeatInterval()),
				clock.getIfUnique(Clock::systemUTC));
	}

}
