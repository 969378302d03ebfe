package dev.cfg.grpc.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.grpc.CompressorRegistry;
import io.grpc.DecompressorRegistry;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerExecutorProvider;
import org.springframework.boot.util.LambdaSafe;
import org.springframework.context.SmartLifecycle;
import org.springframework.grpc.server.InProcessGrpcServerFactory;
import org.springframework.grpc.server.ServerBuilderCustomizer;
import org.springframework.grpc.server.service.GrpcServiceConfigurer;
import org.springframework.grpc.server.service.GrpcServiceDiscoverer;

import dev.cfg.grpc.server.ServiceRegistry;

/**
 * The server the HTTP entry point calls: in this process only, with the services Spring Boot's
 * network server has, each bound with the same interceptors by Boot's own configurer, built with
 * the same builder customizers (cfg-grpc's call tracing and unknown-method handling among them),
 * the same worker threads and codecs. So a call from the HTTP port passes exactly the pipeline a
 * call on the gRPC port does. It is not a Boot server bean: applications and tests that look up
 * "the" gRPC server still find one, and no port event is published for it.
 */
final class WebCallServer implements SmartLifecycle {

	private final String name = "cfg-grpc-web-" + UUID.randomUUID();

	private final GrpcServiceDiscoverer discoverer;

	private final GrpcServiceConfigurer configurer;

	private final ObjectProvider<ServerBuilderCustomizer<?>> customizers;

	private final ObjectProvider<GrpcServerExecutorProvider> executor;

	private final ObjectProvider<CompressorRegistry> compressors;

	private final ObjectProvider<DecompressorRegistry> decompressors;

	private final int maxInboundMessageBytes;

	private final Duration gracePeriod;

	private volatile Server server;

	private final ServiceRegistry registry;

	/** Read when the server starts, so that a rule that cannot be served stops the start. */
	private volatile HttpRoutes routes;

	WebCallServer(ServiceRegistry registry, GrpcServiceDiscoverer discoverer, GrpcServiceConfigurer configurer,
			ObjectProvider<ServerBuilderCustomizer<?>> customizers, ObjectProvider<GrpcServerExecutorProvider> executor,
			ObjectProvider<CompressorRegistry> compressors, ObjectProvider<DecompressorRegistry> decompressors,
			int maxInboundMessageBytes, Duration gracePeriod) {
		this.registry = registry;
		this.discoverer = discoverer;
		this.configurer = configurer;
		this.customizers = customizers;
		this.executor = executor;
		this.compressors = compressors;
		this.decompressors = decompressors;
		this.maxInboundMessageBytes = maxInboundMessageBytes;
		this.gracePeriod = gracePeriod;
	}

	/**
	 * Channels to this server, two for each processor (four at least): each its own in-process
	 * connection.
	 * @param maxInboundMessageBytes the largest response message a channel takes
	 * @return new channels; the caller closes them
	 */
	List<ManagedChannel> channels(int maxInboundMessageBytes) {
		List<ManagedChannel> channels = new ArrayList<>();
		for (int i = Math.max(4, 2 * Runtime.getRuntime().availableProcessors()); i > 0; i--) {
			channels.add(InProcessChannelBuilder.forName(this.name).maxInboundMessageSize(maxInboundMessageBytes).build());
		}
		return channels;
	}

	/**
	 * The HTTP/JSON routes of the served methods.
	 * @return the routes; none before the server has started
	 */
	HttpRoutes routes() {
		HttpRoutes read = this.routes;
		return (read != null) ? read : HttpRoutes.NONE;
	}

	@Override
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public void start() {
		this.routes = HttpRoutes.of(this.registry);
		ServerBuilderCustomizer<InProcessServerBuilder> same = (builder) -> {
			List<ServerBuilderCustomizer<?>> all = this.customizers.orderedStream().toList();
			// As Boot applies them: a customizer for another kind of builder (Netty's) is skipped.
			LambdaSafe.Callbacks<ServerBuilderCustomizer, ServerBuilderCustomizer> callbacks = LambdaSafe
				.callbacks(ServerBuilderCustomizer.class, (List) all, builder);
			callbacks.invoke((customizer) -> customizer.customize(builder));
			this.executor.ifAvailable((provider) -> builder.executor(provider.getExecutor()));
			this.compressors.ifAvailable(builder::compressorRegistry);
			this.decompressors.ifAvailable(builder::decompressorRegistry);
			builder.maxInboundMessageSize(this.maxInboundMessageBytes);
		};
		InProcessGrpcServerFactory factory = new InProcessGrpcServerFactory(this.name, List.of(same));
		this.discoverer.findServices().forEach((spec) -> factory.addService(this.configurer.configure(spec, factory)));
		Server created = factory.createServer();
		try {
			created.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The in-process server of the HTTP entry point did not start", ex);
		}
		this.server = created;
	}

	@Override
	public void stop() {
		Server running = this.server;
		this.server = null;
		if (running == null) {
			return;
		}
		running.shutdown();
		try {
			if (!running.awaitTermination(this.gracePeriod.toMillis(), TimeUnit.MILLISECONDS)) {
				running.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			running.shutdownNow();
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.server != null;
	}

	/** Started before the HTTP server (at {@code Integer.MAX_VALUE - 1}) takes calls, stopped after it. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 2;
	}

}
