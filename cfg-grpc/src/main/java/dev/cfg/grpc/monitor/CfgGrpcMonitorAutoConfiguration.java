package dev.cfg.grpc.monitor;

import java.time.Clock;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.cfg.grpc.config.CfgGrpcProperties;
import dev.cfg.grpc.log.ActiveCalls;
import dev.cfg.grpc.log.CfgGrpcLogAutoConfiguration;

/**
 * The monitoring REST API at {@code /cfg/grpc/monitor/}, for staff. Turn it off with
 * {@code cfg.grpc.monitor.enabled=false}.
 */
@AutoConfiguration(after = CfgGrpcLogAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "cfg.grpc.monitor.enabled", matchIfMissing = true)
@ConditionalOnBean({ JdbcTemplate.class, ActiveCalls.class })
public final class CfgGrpcMonitorAutoConfiguration {

	@Bean
	MonitorController cfgGrpcMonitorController(JdbcTemplate jdbc, ActiveCalls active, CfgGrpcProperties properties) {
		return new MonitorController(new RequestLogQueries(jdbc), active, properties, Clock.systemUTC());
	}

}
