package dev.cfg.grpc.pipeline;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import io.grpc.Metadata;
import org.junit.jupiter.api.Test;

import dev.cfg.grpc.config.AddressRange;
import dev.cfg.grpc.testapp.Calls;
import dev.cfg.grpc.testapp.RunningServer;

import static org.assertj.core.api.Assertions.assertThat;

/** The client's address behind a proxy: taken from headers only when a trusted proxy sends them. */
class ClientAddressesTest {

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
