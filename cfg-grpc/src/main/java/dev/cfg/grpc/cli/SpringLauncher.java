package dev.cfg.grpc.cli;

import java.util.List;
import java.util.Map;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.LifecycleProcessor;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.support.AbstractApplicationContext;

/**
 * Starts the application's Spring context for a command: fully, with its servers, for
 * {@code rungrpc}; fully but without starting anything that listens (no web server, no gRPC server,
 * no other lifecycle beans) for {@code check}, which proves the application would start; or only
 * the beans of {@link CommandBeans}, made when first asked for, for the commands that work on
 * cfg-grpc's tables. Those last two can run beside a server that is already running.
 */
final class SpringLauncher {

	private final Class<?> application;

	SpringLauncher(Class<?> application) {
		this.application = application;
	}

	ConfigurableApplicationContext start(List<String> arguments) {
		SpringApplication spring = new SpringApplication(this.application);
		spring.setMainApplicationClass(this.application);
		return spring.run(arguments.toArray(String[]::new));
	}

	ConfigurableApplicationContext startWithoutServers(List<String> arguments) {
		return withoutServers(this.application).run(arguments.toArray(String[]::new));
	}

	ConfigurableApplicationContext startCommandBeans(List<String> arguments) {
		SpringApplication spring = withoutServers(CommandBeans.class);
		spring.setLazyInitialization(true);
		return spring.run(arguments.toArray(String[]::new));
	}

	/**
	 * Migrates the database of a context of {@link CommandBeans} as the server would, in a child
	 * context that shares its data source and settings (an in-memory database included).
	 */
	void migrateSchema(ConfigurableApplicationContext commandBeans) {
		try (AnnotationConfigApplicationContext migration = new AnnotationConfigApplicationContext()) {
			migration.setParent(commandBeans);
			migration.setEnvironment(commandBeans.getEnvironment());
			migration.register(SchemaMigration.class);
			migration.refresh();
		}
	}

	private SpringApplication withoutServers(Class<?> source) {
		// Boot warms up Jackson, Tomcat and validation on a second thread for a server's start; a
		// command uses none of them and has only two cores to share. (Read when the listener is
		// loaded, with the SpringApplication.)
		System.setProperty("spring.backgroundpreinitializer.ignore", "true");
		SpringApplication spring = new SpringApplication(source);
		spring.setMainApplicationClass(this.application);
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
