package dev.cfg.grpc.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway CA and a server certificate for 127.0.0.1, made with the openssl command as
 * docs/deployment.md shows, for the scenario served over TLS.
 */
final class TlsFiles {

	private final Path folder;

	private TlsFiles(Path folder) {
		this.folder = folder;
	}

	static TlsFiles make(Path folder) throws IOException, InterruptedException {
		Files.createDirectories(folder);
		TlsFiles files = new TlsFiles(folder);
		files.openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days",
				"1", "-subj", "/CN=cfg-grpc bench CA", "-keyout", "ca.key", "-out", "ca.crt");
		files.openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj",
				"/CN=localhost", "-keyout", "server.key", "-out", "server.csr");
		Files.writeString(folder.resolve("server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
		files.openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
				"-days", "1", "-extfile", "server.ext", "-out", "server.crt");
		return files;
	}

	Path file(String name) {
		return this.folder.resolve(name).toAbsolutePath();
	}

	private void openssl(String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("openssl"));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).directory(this.folder.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException("openssl " + String.join(" ", arguments) + " failed: " + output);
		}
	}

}
