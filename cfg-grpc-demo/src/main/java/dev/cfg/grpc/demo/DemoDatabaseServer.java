package dev.cfg.grpc.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;

import org.h2.tools.Server;

import org.springframework.context.SmartLifecycle;

/**
 * Lets management commands reach the demo's H2 file database while the server runs. H2 allows one
 * process to open a file database; its own answer, {@code AUTO_SERVER=TRUE}, cannot be combined
 * with {@code DB_CLOSE_ON_EXIT=FALSE}, and without that H2 closes the database from a JVM shutdown
 * hook of its own while the gRPC server still drains its calls. So the serving process opens the
 * file itself (closed by Spring, after the server and the request log writer have stopped) and
 * serves it on a loopback TCP port, which it writes beside the database file for
 * {@link DemoDatabaseSharing} to find. It starts before anything else and stops after everything
 * else.
 */
final class DemoDatabaseServer implements SmartLifecycle {

	private final Path database;

	private volatile Server server;

	/**
	 * @param database the database file's path without H2's {@code .mv.db} suffix
	 */
	DemoDatabaseServer(Path database) {
		this.database = database.toAbsolutePath().normalize();
	}

	/**
	 * The embedded database a {@code jdbc:h2:file:} URL names, or null for any other URL.
	 * @param url a JDBC URL
	 * @return the file path without suffix, or null
	 */
	static Path fileDatabase(String url) {
		if (url == null || !url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:file:")) {
			return null;
		}
		String path = url.substring("jdbc:h2:file:".length());
		int settings = path.indexOf(';');
		return Path.of((settings >= 0) ? path.substring(0, settings) : path).toAbsolutePath().normalize();
	}

	/** Where the serving process writes its TCP port. */
	static Path portFile(Path database) {
		return database.resolveSibling(database.getFileName() + ".tcp-port");
	}

	@Override
	public void start() {
		try {
			// Loopback only (no -tcpAllowOthers), existing databases only.
			Server tcp = Server.createTcpServer("-tcpPort", "0", "-ifExists").start();
			Files.writeString(portFile(this.database), String.valueOf(tcp.getPort()), StandardCharsets.US_ASCII);
			this.server = tcp;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not serve the demo database to commands: " + ex.getMessage(), ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void stop() {
		Server tcp = this.server;
		this.server = null;
		if (tcp != null) {
			tcp.stop();
		}
		try {
			Files.deleteIfExists(portFile(this.database));
		}
		catch (IOException ex) {
			// A stale port file is harmless: commands find nothing listening and open the file.
		}
	}

	@Override
	public boolean isRunning() {
		return this.server != null;
	}

	@Override
	public int getPhase() {
		return Integer.MIN_VALUE;
	}

}
