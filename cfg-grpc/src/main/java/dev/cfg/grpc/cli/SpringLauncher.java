package dev.cfg.grpc.cli;

import java.util.List;
import java.util.Map;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.LifecycleProcessor;
import org.springframework.context.support.AbstractApplicationContext;

/**
 * Starts the application's Spring context for a command: fully, with its servers, for
 * {@code rungrpc}; or without starting anything that listens (no web server, no gRPC server, no
 * other lifecycle beans) for commands that only need the beans, so they can run beside a server
 * that is already running.
 */
final class SpringLauncher {

	private final Class<?> application;

	SpringLauncher(Class<?> application) {
		this.application = application;
	}

	ConfigurableApplicationContext start(List<String> arguments) {
		return application().run(arguments.toArray(String[]::new));
	}

	ConfigurableApplicationContext startWithoutServers(List<String> arguments) {
		SpringApplication spring = application();
		spring.setWebApplicationType(WebApplicationType.NONE);
		spring.setBannerMode(Banner.Mode.OFF);
		spring.setLogStartupInfo(false);
		// Commands print their own results on stdout, where logs would get in the way of
		// KEY=$(java -jar app.jar apikey create ...); --logging.level.root=info brings them back.
		// (A level, not logging.threshold.console: Boot keeps that in a system property, which would
		// outlive the command in a JVM that runs more than one.)
		spring.setDefaultProperties(Map.of("logging.level.root", "off"));
		spring.addInitializers((context) -> context.getBeanFactory()
			.registerSingleton(AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME, new NothingStarts()));
		return spring.run(arguments.toArray(String[]::new));
	}

	private SpringApplication application() {
		SpringApplication spring = new SpringApplication(this.application);
		spring.setMainApplicationClass(this.application);
		return spring;
	}

	/** Keeps every lifecycle bean, the gRPC server among them, from starting. */
	private static final class NothingStarts implements LifecycleProcessor {

		private volatile boolean running;

		@Override
		public void onRefresh() {
			this.running = true;
		}

		@Override
		public void onClose() {
			this.running = false;
		}

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

	}

}
