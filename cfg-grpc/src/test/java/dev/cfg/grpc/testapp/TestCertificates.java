package dev.cfg.grpc.testapp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test CA and certificates made by the openssl command, as docs/deployment.md shows: the server's
 * (for localhost and 127.0.0.1), a client's signed by the CA (common name {@code svc}), and a
 * client's signed by a CA the server does not know.
 */
public final class TestCertificates {

	private final Path folder;

	private TestCertificates(Path folder) {
		this.folder = folder;
	}

	/** Makes them all in a folder. */
	public static TestCertificates make(Path folder) throws Exception {
		TestCertificates certificates = new TestCertificates(folder);
		certificates.ca("ca");
		certificates.signed("server", "ca", "/CN=localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1");
		certificates.signed("client", "ca", "/CN=svc", "extendedKeyUsage=clientAuth");
		certificates.ca("rogue-ca");
		certificates.signed("rogue-client", "rogue-ca", "/CN=svc", "extendedKeyUsage=clientAuth");
		return certificates;
	}

	public Path file(String name) {
		return this.folder.resolve(name);
	}

	private void ca(String name) throws Exception {
		openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
				"-subj", "/CN=cfg-grpc test " + name, "-keyout", name + ".key", "-out", name + ".crt");
	}

	private void signed(String name, String ca, String subject, String extension) throws Exception {
		openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", subject,
				"-keyout", name + ".key", "-out", name + ".csr");
		Files.writeString(this.folder.resolve(name + ".ext"), extension + "\n");
		openssl("x509", "-req", "-in", name + ".csr", "-CA", ca + ".crt", "-CAkey", ca + ".key", "-CAcreateserial",
				"-days", "2", "-extfile", name + ".ext", "-out", name + ".crt");
	}

	private void openssl(String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add("openssl");
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).directory(this.folder.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException("openssl " + String.join(" ", arguments) + " failed: " + output);
		}
	}

}
