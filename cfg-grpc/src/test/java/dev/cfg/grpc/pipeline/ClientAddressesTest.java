package dev.cfg.grpc.pipeline;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import io.grpc.Metadata;
import org.junit.jupiter.api.Test;

import dev.cfg.grpc.config.internal.AddressRange;
import dev.cfg.grpc.testapp.Calls;
import dev.cfg.grpc.testapp.RunningServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client's address behind a proxy, over gRPC and HTTP: taken from headers only when a trusted
 * proxy sends them.
 */
class ClientAddressesTest {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final ClientAddresses BEHIND_LB = new ClientAddresses(
			AddressRange.parseAll(List.of("10.0.0.0/8", "fd00::/8", "192.0.2.7")));

	@Test
	void aTrustedProxysHeaderNamesTheClient() throws Exception {
		assertThat(client("10.1.2.3", "x-forwarded-for", "203.0.113.9")).isEqualTo("203.0.113.9");
		assertThat(client("192.0.2.7", "x-real-ip", "203.0.113.10")).isEqualTo("203.0.113.10");
		assertThat(client("fd00::1", "x-forwarded-for", "2001:db8::5")).isEqualTo("2001:db8:0:0:0:0:0:5");
		assertThat(client("::ffff:10.0.0.9", "x-forwarded-for", "203.0.113.9")).isEqualTo("203.0.113.9");
	}

	@Test
	void aChainIsReadFromItsEndSoAClientCannotPutAnAddressInFront() throws Exception {
		// The client wrote "1.1.1.1"; the outer proxy added the address it saw, then an inner proxy its own.
		assertThat(client("10.1.2.3", "x-forwarded-for", "1.1.1.1, 203.0.113.9, 10.9.9.9")).isEqualTo("203.0.113.9");
		assertThat(client("10.1.2.3", "x-forwarded-for", "10.2.2.2, 10.3.3.3")).isEqualTo("10.2.2.2");
	}

	@Test
	void untrustedConnectionsAndGarbageKeepTheConnectionsAddress() throws Exception {
		assertThat(client("198.51.100.4", "x-forwarded-for", "203.0.113.9")).isEqualTo("198.51.100.4");
		assertThat(client("198.51.100.4", "x-real-ip", "203.0.113.9")).isEqualTo("198.51.100.4");
		for (String garbage : List.of("evil.example.com", "999.1.1.1", "<script>", "1.2.3.4.5", "", "unknown",
				"2001:db8::5%eth0", "x".repeat(10_000))) {
			assertThat(client("10.1.2.3", "x-forwarded-for", garbage)).as(garbage).isEqualTo("10.1.2.3");
			assertThat(client("10.1.2.3", "x-real-ip", garbage)).as(garbage).isEqualTo("10.1.2.3");
		}
		assertThat(client("10.1.2.3", "x-forwarded-for", "203.0.113.9, not-an-address, 10.9.9.9")).isEqualTo("10.1.2.3");
	}

	@Test
	void badTrustedProxiesStopStartupNamingTheKey() {
		assertThat(RunningServer.startupFailure("cfg.grpc.server.trusted-proxies=10.0.0.0/33"))
			.contains("cfg.grpc.server.trusted-proxies", "10.0.0.0/33", "CIDR");
		assertThat(RunningServer.startupFailure("cfg.grpc.server.trusted-proxies=lb.internal"))
			.contains("cfg.grpc.server.trusted-proxies", "lb.internal");
	}

	@Test
	void behindATrustedProxyTheLogHasTheForwardedAddressAndOtherwiseTheConnections() throws Exception {
		try (RunningServer trusting = RunningServer.start("cfg.grpc.server.trusted-proxies=127.0.0.1");
				RunningServer direct = RunningServer.start()) {
			assertThat(loggedClientIp(trusting)).isEqualTo("203.0.113.9");
			assertThat(loggedClientIp(direct)).isEqualTo("127.0.0.1");
		}
	}

	@Test
	void overHttpTheSameProxiesNameTheClientSoLoginsAreCountedPerRealClient() throws Exception {
		// One failure allowed per username, so four per address: the fifth from one address is refused.
		try (RunningServer trusting = RunningServer.startWithHttp("cfg.grpc.server.trusted-proxies=127.0.0.1/32",
				"cfg.grpc.auth.login-max-failures=1");
				RunningServer direct = RunningServer.startWithHttp("cfg.grpc.auth.login-max-failures=1")) {
			for (int i = 0; i < 4; i++) {
				assertThat(login(trusting, "u" + i, "203.0.113.9")).isEqualTo(401);
				assertThat(login(direct, "u" + i, "203.0.113." + i)).isEqualTo(401);
			}
			assertThat(login(trusting, "u4", "203.0.113.9")).isEqualTo(429);
			// Another client behind the same proxy has its own count.
			assertThat(login(trusting, "u5", "198.51.100.20, 203.0.113.10")).isEqualTo(401);
			// Without trusted proxies the header is the client's own words: one address, counted once.
			assertThat(login(direct, "u4", "198.51.100.20")).isEqualTo(429);
		}
	}

	@Test
	void aForwardedHeaderStrategyOfTheApplicationsOwnThatDisagreesStopsStartup() {
		assertThat(RunningServer.startupFailure("cfg.grpc.server.trusted-proxies=10.0.0.0/8",
				"server.forward-headers-strategy=framework"))
			.contains("cfg.grpc.server.trusted-proxies", "server.forward-headers-strategy='framework'");
		assertThat(AddressRange.parse("10.1.2.3/8")).hasToString("10.0.0.0/8");
		assertThat(AddressRange.parse("fd00::1:2/112")).hasToString("fd00:0:0:0:0:0:1:0/112");
	}

	private static int login(RunningServer server, String username, String forwardedFor) throws Exception {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/cfg/auth/token/"))
			.header("Content-Type", "application/json")
			.header("X-Forwarded-For", forwardedFor)
			.POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + username + "\",\"password\":\"wrong\"}"))
			.build();
		return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	private static String loggedClientIp(RunningServer server) throws Exception {
		String requestId = Calls.echoWithHeader(server.channel(), "x-forwarded-for", "203.0.113.9", "forwarded");
		List<Map<String, Object>> found = server.awaitLogRows("request_id = ?", requestId);
		assertThat(found).hasSize(1);
		return (String) found.get(0).get("CLIENT_IP");
	}

	private static String client(String connection, String header, String value) throws Exception {
		Metadata headers = new Metadata();
		headers.put(Metadata.Key.of(header, Metadata.ASCII_STRING_MARSHALLER), value);
		return BEHIND_LB.client(InetAddress.getByName(connection), headers);
	}

}
