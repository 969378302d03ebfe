package dev.cfg.grpc.gateway;

import java.util.List;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.CompressorRegistry;
import io.grpc.DecompressorRegistry;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerExecutorProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.grpc.server.ServerBuilderCustomizer;
import org.springframework.grpc.server.service.GrpcServiceConfigurer;
import org.springframework.grpc.server.service.GrpcServiceDiscoverer;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import dev.cfg.grpc.config.CfgGrpcProperties;
import dev.cfg.grpc.config.ConditionalOnCfgGrpcEnabled;
import dev.cfg.grpc.server.CfgGrpcServerAutoConfiguration;
import dev.cfg.grpc.server.ServiceRegistry;

/**
 * gRPC-Web and Connect on the HTTP port ({@code cfg.grpc.web.enabled}, on by default in a servlet
 * web application), through an in-process server with the network server's services and
 * interceptors. The door is a servlet filter ahead of Spring Security's (and of Boot's HTTP
 * observation, see {@link #FILTER_ORDER}): a call's credentials are
 * the gRPC pipeline's to check, as on the gRPC port, whatever an application's own web security
 * says of its other paths.
 */
@AutoConfiguration(after = { CfgGrpcServerAutoConfiguration.class, GrpcServerAutoConfiguration.class },
		beforeName = "org.springframework.boot.webmvc.autoconfigure.WebMvcObservationAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnCfgGrpcEnabled
@ConditionalOnBooleanProperty(name = "cfg.grpc.web.enabled", matchIfMissing = true)
@ConditionalOnBean({ ServiceRegistry.class, GrpcServiceDiscoverer.class, GrpcServiceConfigurer.class })
public final class CfgGrpcGatewayAutoConfiguration {

	/**
	 * Right after the filters that make the request what the application sees (the forwarded
	 * headers' and the character encoding's, at the highest precedence), and ahead of Spring
	 * Security's chain and of Boot's HTTP observation. That observation has the same order; this
	 * configuration comes before its own, so this filter is registered first and runs first. A web
	 * call is observed once, by the gRPC pipeline it goes through (metrics, a span continuing the
	 * request's {@code traceparent}): a second observation of the same call cost a tenth of the
	 * server's CPU under gRPC-Web load.
	 */
	static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 1;

	@Bean
	WebCallServer cfgGrpcWebCallServer(ServiceRegistry registry, GrpcServiceDiscoverer discoverer,
			GrpcServiceConfigurer configurer,
			ObjectProvider<ServerBuilderCustomizer<?>> customizers, ObjectProvider<GrpcServerExecutorProvider> executor,
			ObjectProvider<CompressorRegistry> compressors, ObjectProvider<DecompressorRegistry> decompressors,
			CfgGrpcProperties properties) {
		return new WebCallServer(registry, discoverer, configurer, customizers, executor, compressors, decompressors,
				bytes(properties.server().maxReceiveMessageLength().toBytes()), properties.server().shutdownGracePeriod());
	}

	/** Not a {@code ManagedChannel} bean: an application's own channels stay the only ones it injects. */
	@Bean
	WebCallChannel cfgGrpcWebCallChannel(WebCallServer server, CfgGrpcProperties properties) {
		// Whatever the server may send, the entry point passes on.
		return new WebCallChannel(server.channels(bytes(properties.server().maxSendMessageLength().toBytes())));
	}

	@Bean
	FilterRegistrationBean<WebCallFilter> cfgGrpcWebCallFilter(WebCallServer server, WebCallChannel channel,
			ServiceRegistry registry, CfgGrpcProperties properties,
			ObjectProvider<RequestMappingHandlerMapping> controllers) {
		WebCallFilter filter = new WebCallFilter(channel.channel(), registry, properties.web(),
				bytes(properties.server().maxReceiveMessageLength().toBytes()),
				SingletonSupplier.of(() -> new MessageJson(WebCallFilter.files(registry))),
				server::routes,
				SingletonSupplier.of(() -> controllers.orderedStream().map(HandlerMapping.class::cast).toList()));
		FilterRegistrationBean<WebCallFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setName("cfgGrpcWebCalls");
		registration.setOrder(FILTER_ORDER);
		registration.setAsyncSupported(true);
		registration.addUrlPatterns("/*");
		return registration;
	}

	@Bean
	SchemaEndpoint cfgGrpcSchemaEndpoint(ServiceRegistry registry, WebCallServer server, Environment environment,
			ApplicationContext context) {
		return new SchemaEndpoint(registry, server, environment.getProperty("spring.application.name", "gRPC services"),
				context.getClassLoader());
	}

	private static int bytes(long size) {
		return (int) Math.min(Integer.MAX_VALUE - 64, size);
	}

	/**
	 * The channels to the in-process server, closed with the application.
	 * @param channels one or more channels to the same server
	 */
	record WebCallChannel(List<ManagedChannel> channels) implements DisposableBean {

		/**
		 * One channel over all: each call goes on the channel of its calling thread. An in-process
		 * connection takes a lock to open and to close each stream; with every HTTP thread on one
		 * connection, the threads queued for that lock (a profile of gRPC-Web under load showed it
		 * as the most contended monitor of the server). A thread keeps its channel, so the streams
		 * of a connection are the calls of a few threads.
		 * @return the channel the entry point calls on
		 */
		Channel channel() {
			List<ManagedChannel> all = List.copyOf(this.channels);
			return new Channel() {

				@Override
				public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
					return all.get((int) (Thread.currentThread().getId() % all.size())).newCall(method, options);
				}

				@Override
				public String authority() {
					return all.get(0).authority();
				}

			};
		}

		@Override
		public void destroy() {
			this.channels.forEach(ManagedChannel::shutdownNow);
		}

	}

}
