package dev.cfg.grpc.log;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

import io.grpc.ServerBuilder;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.ServerBuilderCustomizer;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.cfg.grpc.config.CfgGrpcProperties;
import dev.cfg.grpc.pipeline.PipelineOrder;

/**
 * The observe stage of the pipeline: the request log ({@code cfg_grpc_request_log}, written in
 * batches in the background), metrics and the console line. Turn the request log off with
 * {@code cfg.grpc.logging.enabled=false}.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "cfg.grpc.enabled", matchIfMissing = true)
public final class CfgGrpcLogAutoConfiguration {

	@Bean
	@ConditionalOnBooleanProperty(name = "cfg.grpc.logging.enabled", matchIfMissing = true)
	@ConditionalOnBean(JdbcTemplate.class)
	RequestLogWriter cfgGrpcRequestLogWriter(JdbcTemplate jdbc, CfgGrpcProperties properties,
			ObjectProvider<MeterRegistry> meters) {
		CfgGrpcProperties.Logging logging = properties.logging();
		MeterRegistry registry = meters.getIfAvailable();
		Timer batchTime = (registry != null) ? Timer.builder("cfg.grpc.request_log.batch")
			.description("Time to write one batch of request log records with its per-minute totals")
			.register(registry) : null;
		RequestLogWriter writer = new RequestLogWriter(jdbc, logging.queueCapacity(), logging.batchSize(),
				(batchTime != null) ? (nanos) -> batchTime.record(nanos, TimeUnit.NANOSECONDS) : (nanos) -> {
				});
		if (registry != null) {
			Gauge.builder("cfg.grpc.request_log.queued", writer, RequestLogWriter::queued)
				.description("Request log records waiting to be written")
				.register(registry);
			FunctionCounter.builder("cfg.grpc.request_log.written", writer, RequestLogWriter::written)
				.description("Request log records written")
				.register(registry);
			FunctionCounter.builder("cfg.grpc.request_log.dropped", writer, RequestLogWriter::dropped)
				.description("Request log records dropped because the queue was full")
				.register(registry);
			FunctionCounter.builder("cfg.grpc.request_log.failed_writes", writer, RequestLogWriter::failedAttempts)
				.description("Failed batch writes, each retried")
				.register(registry);
			FunctionCounter.builder("cfg.grpc.request_log.rejected", writer, RequestLogWriter::rejected)
				.description("Request log records the database refused, set aside")
				.register(registry);
		}
		return writer;
	}

	/**
	 * Calls to methods the server does not have are observed (logged, counted) too, and calls the
	 * transport ends itself are recorded with the status it ended them with.
	 */
	@Bean
	<T extends ServerBuilder<T>> ServerBuilderCustomizer<T> cfgGrpcUnknownMethods(ObserveInterceptor observe) {
		UnknownMethods unknown = new UnknownMethods(observe);
		StreamEndings endings = new StreamEndings();
		return (builder) -> builder.fallbackHandlerRegistry(unknown).addStreamTracerFactory(endings);
	}

	@Bean
	ActiveCalls cfgGrpcActiveCalls() {
		return new ActiveCalls();
	}

	@Bean
	@ConditionalOnBean(JdbcTemplate.class)
	RequestLogRetention cfgGrpcRequestLogRetention(JdbcTemplate jdbc, CfgGrpcProperties properties) {
		return new RequestLogRetention(jdbc, properties.logging().retention(), Clock.systemUTC());
	}

	@Bean
	@GlobalServerInterceptor
	@Order(PipelineOrder.OBSERVE)
	ObserveInterceptor cfgGrpcObserveInterceptor(CfgGrpcProperties properties, ObjectProvider<RequestLogWriter> writer,
			ObjectProvider<MeterRegistry> meters, ActiveCalls active, Environment environment) {
		CfgGrpcProperties.Logging logging = properties.logging();
		boolean console = (logging.console() != null) ? logging.console()
				: environment.acceptsProfiles(Profiles.of("dev"));
		CallObservers observers = new CallObservers(writer.getIfAvailable(), meters.getIfAvailable(), console);
		return new ObserveInterceptor(observers, active, new MessageJson(logging.redactFields(), logging.maxDataLength()),
				logging.logRequestData(), logging.logResponseData(), logging.sampleRate(), Clock.systemUTC());
	}

}
