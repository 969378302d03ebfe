package dev.cfg.grpc.log;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.cfg.grpc.config.ConditionalOnCfgGrpcEnabled;
import dev.cfg.grpc.config.CfgGrpcProperties;
import dev.cfg.grpc.config.internal.PeriodicTask;
import dev.cfg.grpc.pipeline.CfgGrpcPipelineAutoConfiguration;
import dev.cfg.grpc.pipeline.ServerInstance;

/**
 * The request log: every completed call as a row of {@code cfg_grpc_request_log}, written in
 * batches in the background with its per-minute and per-hour totals, deleted after
 * {@code cfg.grpc.logging.retention}, read through {@link RequestLog}; and the console line. Turn
 * the writing off with {@code cfg.grpc.logging.enabled=false} (what is stored stays readable), or
 * all of it with {@code cfg.grpc.enabled=false}.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" },
		after = CfgGrpcPipelineAutoConfiguration.class)
@ConditionalOnCfgGrpcEnabled
public final class CfgGrpcLogAutoConfiguration {

	@Bean
	@ConditionalOnBooleanProperty(name = "cfg.grpc.logging.enabled", matchIfMissing = true)
	@ConditionalOnBean(JdbcTemplate.class)
	@ConditionalOnMissingBean
	RequestLogWriter cfgGrpcRequestLogWriter(JdbcTemplate jdbc, CfgGrpcProperties properties,
			ObjectProvider<MeterRegistry> meters) {
		CfgGrpcProperties.Logging logging = properties.logging();
		int writers = (logging.writers() != null) ? logging.writers() : RequestLogWriter.AUTOMATIC;
		MeterRegistry registry = meters.getIfAvailable();
		if (registry == null) {
			return new RequestLogWriter(jdbc, logging.queueCapacity(), logging.batchSize(), (nanos) -> {
			}, logging.postgresCopy(), writers, logging.flushInterval());
		}
		Timer batchTime = Timer.builder("cfg.grpc.request_log.batch")
			.description("Time to write one batch of request log records with its per-minute and per-hour totals")
			.register(registry);
		RequestLogWriter writer = new RequestLogWriter(jdbc, logging.queueCapacity(), logging.batchSize(),
				(nanos) -> batchTime.record(nanos, TimeUnit.NANOSECONDS), logging.postgresCopy(), writers,
				logging.flushInterval());
		Gauge.builder("cfg.grpc.request_log.queued", writer, RequestLogWriter::queued)
			.description("Request log records waiting to be written")
			.register(registry);
		count(registry, writer, "written", "Request log records written", RequestLogWriter::written);
		count(registry, writer, "dropped", "Request log records dropped because the queue was full",
				RequestLogWriter::dropped);
		count(registry, writer, "failed_writes", "Failed batch writes, each retried", RequestLogWriter::failedAttempts);
		count(registry, writer, "rejected", "Request log records the database refused, set aside",
				RequestLogWriter::rejected);
		return writer;
	}

	private static void count(MeterRegistry registry, RequestLogWriter writer, String name, String description,
			ToDoubleFunction<RequestLogWriter> value) {
		FunctionCounter.builder("cfg.grpc.request_log." + name, writer, value).description(description).register(registry);
	}

	@Bean
	@ConditionalOnBean(JdbcTemplate.class)
	@ConditionalOnMissingBean
	RequestLogRetention cfgGrpcRequestLogRetention(JdbcTemplate jdbc, CfgGrpcProperties properties,
			ObjectProvider<Clock> clock) {
		return new RequestLogRetention(jdbc, properties.logging().retention(), clock.getIfUnique(Clock::systemUTC));
	}

	/** Retention runs a minute after start, then every hour. */
	@Bean
	@ConditionalOnBean(JdbcTemplate.class)
	PeriodicTask cfgGrpcRequestLogCleanup(RequestLogRetention retention) {
		return new PeriodicTask("cfg-grpc-request-log-retention", Duration.ofMinutes(1), Duration.ofHours(1),
				retention::cleanUp, null, SmartLifecycle.DEFAULT_PHASE);
	}

	/** Completed calls become records for the writer and, when on, console lines. */
	@Bean
	@ConditionalOnMissingBean
	RequestLogObserver cfgGrpcRequestLogObserver(CfgGrpcProperties properties, ObjectProvider<RequestLogWriter> writer,
			Environment environment, ServerInstance instance) {
		CfgGrpcProperties.Logging logging = properties.logging();
		boolean console = (logging.console() != null) ? logging.console()
				: environment.acceptsProfiles(Profiles.of("dev"));
		return new RequestLogObserver(writer.getIfAvailable(), logging, console, instance);
	}

	/** The one door to read the log, for the monitoring API, the admin and applications. */
	@Bean
	@ConditionalOnBean(JdbcTemplate.class)
	@ConditionalOnMissingBean
	RequestLog cfgGrpcRequestLog(JdbcTemplate jdbc) {
		return new RequestLog(jdbc);
	}

}
