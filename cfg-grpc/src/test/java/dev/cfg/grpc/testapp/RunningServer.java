package dev.cfg.grpc.testapp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import dev.cfg.grpc.config.CfgGrpcConfigException;

/**
 * A test application started on a free port with the given properties, and a plaintext channel
 * to it. Closing it closes both.
 */
public final class RunningServer implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final ManagedChannel channel;

	private RunningServer(ConfigurableApplicationContext context) {
		this.context = context;
		this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", port()).usePlaintext().build();
	}

	public static RunningServer start(String... properties) {
		return start(TestApplication.class, properties);
	}

	public static RunningServer start(Class<?> application, String... properties) {
		return new RunningServer(builder(application).run(arguments(properties)));
	}

	/** Starts the test application with its HTTP server too, on a free port. */
	public static RunningServer startWithHttp(String... properties) {
		return startWithHttp(TestApplication.class, properties);
	}

	/** Starts an application with its HTTP server too, on a free port. */
	public static RunningServer startWithHttp(Class<?> application, String... properties) {
		List<String> all = new ArrayList<>(List.of(properties));
		all.add("server.port=0");
		return new RunningServer(new SpringApplicationBuilder(application).web(WebApplicationType.SERVLET)
			.run(arguments(all.toArray(String[]::new))));
	}

	/** The HTTP port, when started with {@link #startWithHttp}. */
	public int httpPort() {
		return Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port"));
	}

	/** Starts the application expecting a configuration failure, and returns its one-line message. */
	public static String startupFailure(String... properties) {
		try (ConfigurableApplicationContext context = builder(TestApplication.class).run(arguments(properties))) {
			throw new AssertionError("expected startup to fail, but it started");
		}
		catch (RuntimeException ex) {
			return CfgGrpcConfigException.behind(ex)
				.map(CfgGrpcConfigException::getMessage)
				.orElseThrow(() -> new AssertionError("startup failed without a cfg-grpc message", ex));
		}
	}

	private static SpringApplicationBuilder builder(Class<?> application) {
		return new SpringApplicationBuilder(application).web(WebApplicationType.NONE);
	}

	/** As command-line arguments, so they override application.properties. */
	private static String[] arguments(String... properties) {
		List<String> arguments = new ArrayList<>();
		for (String property : properties) {
			arguments.add("--" + property);
		}
		return arguments.toArray(String[]::new);
	}

	public ConfigurableApplicationContext context() {
		return this.context;
	}

	public ManagedChannel channel() {
		return this.channel;
	}

	/**
	 * The request log's rows matching a condition, waiting (up to 2 minutes) for at least one. A
	 * call closed by the server has its record queued before the client has its answer; a call the
	 * client or the transport ends (a cancellation, a request over the size limit) is observed when
	 * the server hears of it, which may be later.
	 */
	public java.util.List<java.util.Map<String, Object>> awaitLogRows(String where, Object... arguments) {
		org.springframework.jdbc.core.JdbcTemplate jdbc = this.context
			.getBean(org.springframework.jdbc.core.JdbcTemplate.class);
		dev.cfg.grpc.log.RequestLogWriter writer = this.context.getBean(dev.cfg.grpc.log.RequestLogWriter.class);
		return org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofMinutes(2))
			.pollInterval(java.time.Duration.ofMillis(20))
			.until(() -> {
				writer.awaitDrained(10_000);
				return jdbc.queryForList("SELECT * FROM cfg_grpc_request_log WHERE " + where, arguments);
			}, (rows) -> !rows.isEmpty());
	}

	public int port() {
		return this.context.getBean(GrpcServerLifecycle.class).getPort();
	}

	@Override
	public void close() {
		this.channel.shutdownNow();
		try {
			this.channel.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.context.close();
	}

}
