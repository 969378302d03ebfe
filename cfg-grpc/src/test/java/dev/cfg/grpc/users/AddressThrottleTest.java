package dev.cfg.grpc.users;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import dev.cfg.grpc.testapp.RunningServer;

import static org.assertj.core.api.Assertions.assertThat;

/** Failed logins for many usernames from one address are throttled too (at four times the limit). */
class AddressThrottleTest {

	@Test
	void manyFailuresFromOneAddressAreThrottledWhateverTheUsername() throws Exception {
		try (RunningServer server = RunningServer.startWithHttp("cfg.grpc.auth.login-max-failures=2")) {
			HttpClient http = HttpClient.newHttpClient();
			int[] statuses = new int[9];
			for (int i = 0; i < statuses.length; i++) {
				statuses[i] = http.send(HttpRequest.newBuilder(
						URI.create("http://127.0.0.1:" + server.httpPort() + "/cfg/auth/token/"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"user" + i + "\",\"password\":\"x\"}"))
					.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
			}
			assertThat(statuses).containsExactly(401, 401, 401, 401, 401, 401, 401, 401, 429);
		}
	}

}
