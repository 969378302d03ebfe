package dev.cfg.grpc.config;

import java.util.Locale;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Keeps an H2 database open until the application has stopped. H2 closes its databases from a JVM
 * shutdown hook of its own, which on SIGTERM runs beside Spring's: the database would go away while
 * the gRPC server still drains its calls and before the request log writer has written what is
 * queued. With {@code DB_CLOSE_ON_EXIT=FALSE} added to an H2 {@code spring.datasource.url} that does
 * not say otherwise, the database closes when Spring closes the data source, after the server and
 * the writer have stopped. Databases reached over TCP are closed by their server, and H2 refuses the
 * setting together with {@code AUTO_SERVER=TRUE}: such URLs are left as they are (an application
 * that runs commands beside its server can serve the file over TCP instead, as the demo does).
 */
final class EmbeddedDatabaseShutdown implements EnvironmentPostProcessor, Ordered {

	static final String URL = "spring.datasource.url";

	static final String SOURCE = "cfg-grpc-embedded-database-shutdown";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String url = environment.getProperty(URL);
		String settings = (url != null) ? url.toUpperCase(Locale.ROOT) : "";
		if (!settings.startsWith("JDBC:H2:") || settings.startsWith("JDBC:H2:TCP:")
				|| settings.startsWith("JDBC:H2:SSL:") || settings.contains("DB_CLOSE_ON_EXIT")
				|| settings.contains("AUTO_SERVER=TRUE")) {
			return;
		}
		environment.getPropertySources()
			.addFirst(new MapPropertySource(SOURCE, Map.of(URL, url + ";DB_CLOSE_ON_EXIT=FALSE")));
	}

	@Override
	public int getOrder() {
		// After the configuration files and the command line have been read.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
