package dev.cfg.grpc.pipeline;

import java.time.Clock;
import java.util.Set;

import io.grpc.ServerBuilder;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.tracing.Tracer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.ServerBuilderCustomizer;

import dev.cfg.grpc.config.internal.AddressRange;
import dev.cfg.grpc.config.CfgGrpcProperties;
import dev.cfg.grpc.config.ConditionalOnCfgGrpcEnabled;
import dev.cfg.grpc.pipeline.internal.CallStages;

/**
 * The observe stage, outermost in the pipeline: every call gets its {@link CallContext} and is
 * handed to the {@link CallObserver} beans when it ends (the request log, the calls in flight,
 * and Micrometer metrics when a {@link MeterRegistry} is present). Calls to methods the server
 * does not have, and calls the transport ends itself, are observed too. It is part of cfg-grpc's
 * server and goes off with it ({@code cfg.grpc.enabled=false}); the request log alone goes off
 * with {@code cfg.grpc.logging.enabled=false}.
 */
@AutoConfiguration(afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration" })
@ConditionalOnCfgGrpcEnabled
public final class CfgGrpcPipelineAutoConfiguration {

	/** The stages' door into a call's context (not API: applications cannot identify callers). */
	@Bean
	CallStages cfgGrpcCallStages() {
		return new PipelineStages();
	}

	/** This process, stamped on every call's log record. */
	@Bean
	@ConditionalOnMissingBean
	ServerInstance cfgGrpcServerInstance() {
		return ServerInstance.ofThisProcess();
	}

	@Bean
	@Order(0)
	@ConditionalOnMissingBean
	ActiveCalls cfgGrpcActiveCalls() {
		return new ActiveCalls();
	}

	/** The calls in flight now, as the gauge {@code cfg.grpc.server.calls.active}. */
	@Bean
	MeterBinder cfgGrpcActiveCallsGauge(ActiveCalls active) {
		return (registry) -> Gauge.builder("cfg.grpc.server.calls.active", active, ActiveCalls::count)
			.description("Calls this server has started and not yet ended")
			.register(registry);
	}

	/** {@link CallCompleted} application events, delivered off the call path, last of the observers. */
	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	@ConditionalOnBooleanProperty(name = "cfg.grpc.events.enabled", matchIfMissing = true)
	@ConditionalOnMissingBean
	CallEvents cfgGrpcCallEvents(ApplicationEventPublisher publisher) {
		return new CallEvents(publisher, 10_000);
	}

	@Bean
	@ConditionalOnBean(MeterRegistry.class)
	@ConditionalOnMissingBean
	CallMetrics cfgGrpcCallMetrics(MeterRegistry registry) {
		return new CallMetrics(registry);
	}

	/**
	 * Spring Boot's observation of gRPC calls also times every call ({@code grpc.server},
	 * {@code grpc.client} and their {@code .active} gauges). cfg-grpc's own meters
	 * ({@code grpc.server.call.*}, {@code grpc.client.call.*}) say the same by status and size, so
	 * the observation's copies are turned off ({@code cfg.grpc.metrics.observation-timers=true}
	 * keeps them): on a small unary call they cost several percent of throughput. The observation
	 * itself stays: it carries the trace.
	 */
	@Bean
	@ConditionalOnBooleanProperty(name = "cfg.grpc.metrics.observation-timers", havingValue = false,
			matchIfMissing = true)
	MeterFilter cfgGrpcObservationDuplicates() {
		Set<String> duplicates = Set.of("grpc.server", "grpc.server.active", "grpc.client", "grpc.client.active");
		return MeterFilter.deny((id) -> duplicates.contains(id.getName()));
	}

	@Bean
	@GlobalServerInterceptor
	@Order(PipelineOrder.OBSERVE)
	ObserveInterceptor cfgGrpcObserveInterceptor(ObjectProvider<CallObserver> observers, CfgGrpcProperties properties,
			ObjectProvider<Clock> clock) {
		return new ObserveInterceptor(observers.orderedStream().toList(), callStart(properties, clock),
				properties.server().maxSendMessageLength().toBytes());
	}

	/**
	 * Every call's context is created as its stream opens, and calls to methods the server does not
	 * have go through the observe stage (grpc-java would answer them before any interceptor runs).
	 */
	@Bean
	<T extends ServerBuilder<T>> ServerBuilderCustomizer<T> cfgGrpcCallTracing(ObserveInterceptor observe,
			CfgGrpcProperties properties, ObjectProvider<Clock> clock) {
		CallTracer tracer = new CallTracer(callStart(properties, clock));
		UnknownMethods unknown = new UnknownMethods(observe);
		return (builder) -> builder.addStreamTracerFactory(tracer).fallbackHandlerRegistry(unknown);
	}

	/** Trace and span ids in every call's context, when the application traces. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Tracer.class)
	@ConditionalOnBean(Tracer.class)
	static final class SpanIds {

		@Bean
		@GlobalServerInterceptor
		@Order(PipelineOrder.SPAN_IDS)
		SpanRecorder cfgGrpcSpanRecorder(Tracer tracer) {
			return new SpanRecorder(tracer);
		}

	}

	/**
	 * First messages are kept only for a request log that stores them; client addresses are read
	 * from proxies' headers only on connections from {@code cfg.grpc.server.trusted-proxies}.
	 */
	private static CallStart callStart(CfgGrpcProperties properties, ObjectProvider<Clock> clock) {
		CfgGrpcProperties.Logging logging = properties.logging();
		return new CallStart(clock.getIfUnique(Clock::systemUTC), logging.enabled() && logging.logRequestData(),
				logging.enabled() && logging.logResponseData(),
				new ClientAddresses(AddressRange.parseAll(properties.server().trustedProxies())));
	}

}
