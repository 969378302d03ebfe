package dev.cfg.grpc.monitor;

import java.time.Clock;
import java.util.Objects;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.models.GroupedOpenApi;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.cfg.grpc.config.CfgGrpcProperties;
import dev.cfg.grpc.config.ConditionalOnCfgGrpcEnabled;
import dev.cfg.grpc.config.internal.PeriodicTask;
import dev.cfg.grpc.fleet.ServerInstances;
import dev.cfg.grpc.log.CfgGrpcLogAutoConfiguration;
import dev.cfg.grpc.log.RequestLog;
import dev.cfg.grpc.pipeline.ActiveCalls;
import dev.cfg.grpc.pipeline.ServerInstance;

/**
 * The monitoring REST API at {@code /cfg/grpc/monitor/}, for staff. Turn it off with
 * {@code cfg.grpc.monitor.enabled=false}.
 */
@AutoConfiguration(after = CfgGrpcLogAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "cfg.grpc.monitor.enabled", matchIfMissing = true)
@ConditionalOnCfgGrpcEnabled
@ConditionalOnBean({ RequestLog.class, ActiveCalls.class })
public final class CfgGrpcMonitorAutoConfiguration {

	@Bean
	MonitorController cfgGrpcMonitorController(RequestLog log, ActiveCalls active, CfgGrpcProperties properties,
			ServerInstance self, ObjectProvider<ServerInstances> instances, ObjectProvider<Clock> clock, LiveTail tail) {
		return new MonitorController(log, active, properties, clock.getIfUnique(Clock::systemUTC), self, instances,
				tail);
	}

	@Bean
	LiveTail cfgGrpcLiveTail(ObjectProvider<MeterRegistry> meters) {
		return new LiveTail(meters.getIfAvailable(SimpleMeterRegistry::new));
	}

	/** The live tail's sender: one thread, from when the application starts until it stops. */
	@Bean
	PeriodicTask cfgGrpcLiveTailSender(LiveTail tail) {
		return new PeriodicTask("cfg-grpc-live-tail", LiveTail.SEND_EVERY, LiveTail.SEND_EVERY, tail::sendAll,
				tail::closeAll, SmartLifecycle.DEFAULT_PHASE);
	}

	/**
	 * With springdoc present, the monitoring API is described in a group of its own:
	 * {@code /v3/api-docs/cfg-grpc-monitor} (springdoc's path; the application decides who may read it).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(GroupedOpenApi.class)
	static class OpenApiDescription {

		/** The group's name, which is also the last part of its document's path. */
		static final String GROUP = "cfg-grpc-monitor";

		@Bean
		GroupedOpenApi cfgGrpcMonitorOpenApi() {
			return GroupedOpenApi.builder()
				.group(GROUP)
				.displayName("cfg-grpc monitoring API")
				.pathsToMatch("/cfg/grpc/monitor/**")
				.addOpenApiCustomizer((openApi) -> openApi
					.info(new Info().title("cfg-grpc monitoring API")
						.description("The gRPC request log added up, for staff: a staff user's access token "
								+ "(Bearer) or HTTP Basic. See docs/monitoring.md."))
					.components(Objects.requireNonNullElseGet(openApi.getComponents(), Components::new)
						.addSecuritySchemes("bearer",
								new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT"))
						.addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"))))
				.build();
		}

	}

}
