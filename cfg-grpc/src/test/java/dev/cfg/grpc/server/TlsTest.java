package dev.cfg.grpc.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cfg.grpc.test.echo.CallerServiceGrpc;
import dev.cfg.grpc.test.echo.EchoRequest;
import dev.cfg.grpc.testapp.Calls;
import dev.cfg.grpc.testapp.RunningServer;
import dev.cfg.grpc.testapp.TestCertificates;
import dev.cfg.grpc.users.UserStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * TLS and mutual TLS from {@code cfg.grpc.server.tls.*}, with certificates the openssl command
 * made, called by grpc-java and by Debian's python3-grpcio.
 */
class TlsTest {

	@TempDir
	static Path folder;

	static TestCertificates certificates;

	static RunningServer tls;

	static RunningServer mutual;

	@BeforeAll
	static void start() throws Exception {
		certificates = TestCertificates.make(folder);
		tls = RunningServer.start("cfg.grpc.server.tls.certificate=" + certificates.file("server.crt"),
				"cfg.grpc.server.tls.private-key=file:" + certificates.file("server.key"));
		mutual = RunningServer.start("cfg.grpc.server.tls.certificate=" + certificates.file("server.crt"),
				"cfg.grpc.server.tls.private-key=" + certificates.file("server.key"),
				"cfg.grpc.server.tls.trust-certificate=" + certificates.file("ca.crt"),
				"cfg.grpc.server.tls.client-auth=require", "cfg.grpc.server.tls.client-certificate-user=cn");
		mutual.context().getBean(UserStore.class).createUser("svc", "svc@example.com", "svc-password-1", false, false);
	}

	@AfterAll
	static void stop() {
		tls.close();
		mutual.close();
	}

	private static ManagedChannel channel(RunningServer server, ChannelCredentials credentials) {
		return Grpc.newChannelBuilderForAddress("localhost", server.port(), credentials).build();
	}

	private static ChannelCredentials trusting(String... clientCertificate) throws Exception {
		TlsChannelCredentials.Builder builder = TlsChannelCredentials.newBuilder()
			.trustManager(certificates.file("ca.crt").toFile());
		if (clientCertificate.length > 0) {
			builder.keyManager(certificates.file(clientCertificate[0] + ".crt").toFile(),
					certificates.file(clientCertificate[0] + ".key").toFile());
		}
		return builder.build();
	}

	private static void close(ManagedChannel channel) throws InterruptedException {
		channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

	@Test
	void aClientThatTrustsTheCaCallsOverTlsAndPlaintextIsRefused() throws Exception {
		ManagedChannel secure = channel(tls, trusting());
		try {
			assertThat(Calls.echo(secure).echo(Calls.request("over tls")).getText()).isEqualTo("over tls");
		}
		finally {
			close(secure);
		}
		ManagedChannel plain = channel(tls, InsecureChannelCredentials.create());
		try {
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> Calls.echo(plain).echo(Calls.request("in the clear")))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
		}
		finally {
			close(plain);
		}
	}

	@Test
	void aTrustedClientCertificateCallsAsTheUserItNamesWithoutAToken() throws Exception {
		ManagedChannel channel = channel(mutual, trusting("client"));
		try {
			assertThat(CallerServiceGrpc.newBlockingStub(channel)
				.withDeadlineAfter(10, TimeUnit.SECONDS)
				.whoAmI(EchoRequest.getDefaultInstance())
				.getText()).isEqualTo("svc|svc");
		}
		finally {
			close(channel);
		}
	}

	@Test
	void withoutACertificateOrWithAnUntrustedOneTheConnectionIsRefused() throws Exception {
		for (ChannelCredentials credentials : new ChannelCredentials[] { trusting(), trusting("rogue-client") }) {
			ManagedChannel channel = channel(mutual, credentials);
			try {
				assertThatExceptionOfType(StatusRuntimeException.class)
					.isThrownBy(() -> Calls.echo(channel).echo(Calls.request("who am I")))
					.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
			}
			finally {
				close(channel);
			}
		}
	}

	@Test
	void debianPythonCallsOverTlsAndMutualTls() throws Exception {
		Path python = Path.of("/usr/bin/python3");
		boolean available = Files.isExecutable(python)
				&& new ProcessBuilder(python.toString(), "-c", "import grpc").start().waitFor() == 0;
		if (!available) {
			assertThat(System.getenv("CFG_GRPC_TEST_PYTHON")).as("Debian's python3-grpcio is required")
				.isNotEqualTo("required");
			Assumptions.abort("Debian's python3-grpcio is not installed; .ci/run installs it");
		}
		assertThat(python(tls, "ca.crt")).isEqualTo("SERVING");
		assertThat(python(mutual, "ca.crt", "client.crt", "client.key")).isEqualTo("SERVING");
		assertThat(python(mutual, "ca.crt", "rogue-client.crt", "rogue-client.key")).isEqualTo("ERROR UNAVAILABLE");
		assertThat(python(mutual, "ca.crt")).isEqualTo("ERROR UNAVAILABLE");
	}

	private static String python(RunningServer server, String... files) throws Exception {
		java.util.List<String> command = new java.util.ArrayList<>(
				java.util.List.of("/usr/bin/python3", "src/test/python/tls_health.py", "localhost:" + server.port()));
		for (String file : files) {
			command.add(certificates.file(file).toString());
		}
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes()).strip();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		String[] lines = output.split("\n");
		return lines[lines.length - 1];
	}

	@Test
	void aConfiguredChannelCallsAsItsCertificatesUser() {
		String bundle = "spring.ssl.bundle.pem.to-backend.";
		try (RunningServer front = RunningServer.start(dev.cfg.grpc.client.frontapp.FrontApplication.class,
				bundle + "keystore.certificate=" + certificates.file("client.crt"),
				bundle + "keystore.private-key=" + certificates.file("client.key"),
				bundle + "truststore.certificate=" + certificates.file("ca.crt"),
				"cfg.grpc.client.channels.secure.target=localhost:" + mutual.port(),
				"cfg.grpc.client.channels.secure.tls.bundle=to-backend")) {
			assertThat(dev.cfg.grpc.test.echo.PingServiceGrpc.newBlockingStub(front.channel())
				.withDeadlineAfter(20, TimeUnit.SECONDS)
				.ping(EchoRequest.newBuilder().setText("secure").build())
				.getText()).isEqualTo("svc|svc");
		}
	}

	@Test
	void tlsSetUnderBothNamesWithDifferentValuesIsRefused() {
		assertThat(RunningServer.startupFailure("cfg.grpc.server.tls.certificate=" + certificates.file("server.crt"),
				"cfg.grpc.server.tls.private-key=" + certificates.file("server.key"),
				"spring.grpc.server.ssl.bundle=other"))
			.contains("cfg.grpc.server.tls", "spring.grpc.server.ssl.bundle='other'");
	}

	@Test
	void badTlsSettingsStopStartupNamingTheKey() {
		assertThat(RunningServer.startupFailure("cfg.grpc.server.tls.certificate=/no/such/server.crt",
				"cfg.grpc.server.tls.private-key=/no/such/server.key"))
			.contains("cfg.grpc.server.tls.certificate", "a readable PEM file");
		assertThat(RunningServer.startupFailure("cfg.grpc.server.tls.certificate=" + certificates.file("server.crt")))
			.contains("cfg.grpc.server.tls.private-key");
		assertThat(RunningServer.startupFailure("cfg.grpc.server.tls.certificate=" + certificates.file("server.crt"),
				"cfg.grpc.server.tls.private-key=" + certificates.file("server.key"),
				"cfg.grpc.server.tls.client-auth=require"))
			.contains("cfg.grpc.server.tls.trust-certificate");
		assertThat(RunningServer.startupFailure("cfg.grpc.server.tls.client-auth=sometimes"))
			.contains("cfg.grpc.server.tls.client-auth", "none, optional, require");
	}

}
