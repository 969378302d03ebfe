package dev.cfg.grpc.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a process at the demo's running server when that server holds the H2 file database: the
 * port {@link DemoDatabaseServer} wrote is read and, when something answers on it, the data source
 * URL becomes {@code jdbc:h2:tcp://127.0.0.1:<port>/<file>}. Otherwise (no server running, or one
 * killed without removing its port file) the file is opened as configured.
 */
final class DemoDatabaseSharing implements EnvironmentPostProcessor, Ordered {

	static final String URL = "spring.datasource.url";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Path database = DemoDatabaseServer.fileDatabase(environment.getProperty(URL));
		if (database == null) {
			return;
		}
		Integer port = listeningPort(DemoDatabaseServer.portFile(database));
		if (port != null) {
			environment.getPropertySources()
				.addFirst(new MapPropertySource("cfg-grpc-demo-shared-database",
						Map.of(URL, "jdbc:h2:tcp://127.0.0.1:" + port + "/" + database)));
		}
	}

	private static Integer listeningPort(Path portFile) {
		try {
			int port = Integer.parseInt(Files.readString(portFile, StandardCharsets.US_ASCII).trim());
			try (Socket probe = new Socket()) {
				probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
			}
			return port;
		}
		catch (IOException | NumberFormatException ex) {
			return null;
		}
	}

	@Override
	public int getOrder() {
		// Before cfg-grpc's own H2 settings, which leave TCP URLs alone.
		return Ordered.LOWEST_PRECEDENCE - 1;
	}

}
