package dev.cfg.grpc.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import org.springframework.core.io.ClassPathResource;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves {@code <path>/assets/*}: the admin's stylesheet and script, htmx and Chart.js, all from
 * the jar (nothing is fetched from the internet), cached by browsers for an hour.
 */
final class AdminAssets implements WebMvcConfigurer {

	private final String path;

	AdminAssets(String path) {
		this.path = path;
	}

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		registry.addResourceHandler(this.path + "/assets/**")
			.addResourceLocations("classpath:/cfg-admin/assets/", webjar("htmx.org") + "dist/",
					webjar("chart.js") + "dist/")
			.setCachePeriod(3600);
	}

	/** A WebJar's folder, from the version its Maven metadata names. */
	static String webjar(String artifact) {
		String metadata = "META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties";
		try (InputStream in = new ClassPathResource(metadata).getInputStream()) {
			Properties properties = new Properties();
			properties.load(in);
			return "classpath:/META-INF/resources/webjars/" + artifact + "/" + properties.getProperty("version") + "/";
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The " + artifact + " WebJar is missing: " + metadata, ex);
		}
	}

}
