package dev.cfg.grpc.log;

import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

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
		if (registry == null) {
			return new RequestLogWriter(jdbc, logging.queueCapacity(), logging.batchSize(), (nanos) -> {
			});
		}
		Timer batchTime = Timer.builder("cfg.grpc.request_log.batch")
			.description("Time to write one batch of request log records with its per-minute and per-hour totals")
			.register(registry);
		RequestLogWriter writer = new RequestLogWriter(jdbc, logging.queueCapacity(), logging.batchSize(),
				(nanos) -> batchTime.record(nanos, TimeUnit.NANOSECONDS));
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
