package dev.cfg.grpc.users;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.cfg.grpc.test.echo.CallerServiceGrpc;
import dev.cfg.grpc.testapp.Calls;
import dev.cfg.grpc.testapp.RunningServer;
import dev.cfg.grpc.testapp.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP token endpoints, over a real port, and the security of cfg-grpc's HTTP paths. */
class TokenEndpointTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	static RunningServer server;

	@BeforeAll
	static void start() {
		server = RunningServer.startWithHttp("cfg.grpc.auth.require-auth=true", "cfg.grpc.auth.login-max-failures=3");
		UserStore users = server.context().getBean(UserStore.class);
		users.createUser("alice", "", "alice-password", false, false);
		users.createUser("bob", "", "bob-password", false, false);
		users.createUser("carol", "", "carol-password", false, false);
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void usernameAndPasswordGiveTokensTheServerAcceptsAndRefreshGivesANewAccessToken() throws Exception {
		HttpResponse<String> response = post("/cfg/auth/token/", "{\"username\":\"alice\",\"password\":\"alice-password\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		Map<?, ?> tokens = JSON.readValue(response.body(), Map.class);
		String access = (String) tokens.get("access");
		String refresh = (String) tokens.get("refresh");
		assertThat(whoAmI(access)).isEqualTo("alice|alice");

		HttpResponse<String> refreshed = post("/cfg/auth/token/refresh/", "{\"refresh\":\"" + refresh + "\"}");
		assertThat(refreshed.statusCode()).isEqualTo(200);
		assertThat(whoAmI((String) JSON.readValue(refreshed.body(), Map.class).get("access"))).isEqualTo("alice|alice");

		HttpResponse<String> accessAsRefresh = post("/cfg/auth/token/refresh/", "{\"refresh\":\"" + access + "\"}");
		assertThat(accessAsRefresh.statusCode()).isEqualTo(401);
		assertThat(accessAsRefresh.body()).contains("token_not_valid");
	}

	@Test
	void aFormEncodedSignInWorksAsSimplejwtAccepts() throws Exception {
		HttpResponse<String> form = postForm("/cfg/auth/token/", "username=alice&password=alice-password");
		assertThat(form.statusCode()).isEqualTo(200);
		Map<?, ?> tokens = JSON.readValue(form.body(), Map.class);
		assertThat(whoAmI((String) tokens.get("access"))).isEqualTo("alice|alice");
		HttpResponse<String> refreshed = postForm("/cfg/auth/token/refresh/", "refresh=" + tokens.get("refresh"));
		assertThat(refreshed.statusCode()).isEqualTo(200);
		HttpResponse<String> wrong = postForm("/cfg/auth/token/", "username=carol&password=nope");
		assertThat(wrong.statusCode()).isEqualTo(401);
		assertThat(wrong.body()).contains("No active account found with the given credentials");
		assertThat(postForm("/cfg/auth/token/", "username=carol").statusCode()).isEqualTo(400);
	}

	@Test
	void wrongCredentialsGet401AndMissingFields400() throws Exception {
		HttpResponse<String> wrong = post("/cfg/auth/token/", "{\"username\":\"carol\",\"password\":\"nope\"}");
		assertThat(wrong.statusCode()).isEqualTo(401);
		assertThat(wrong.body()).contains("No active account found with the given credentials");
		assertThat(post("/cfg/auth/token/", "{\"username\":\"carol\"}").statusCode()).isEqualTo(400);
		assertThat(post("/cfg/auth/token/", "not json").statusCode()).isEqualTo(400);
	}

	@Test
	void repeatedFailuresForAUsernameAreThrottledWithRetryAfter() throws Exception {
		for (int i = 0; i < 3; i++) {
			assertThat(post("/cfg/auth/token/", "{\"username\":\"bob\",\"password\":\"guess" + i + "\"}").statusCode())
				.isEqualTo(401);
		}
		HttpResponse<String> throttled = post("/cfg/auth/token/", "{\"username\":\"bob\",\"password\":\"bob-password\"}");
		assertThat(throttled.statusCode()).isEqualTo(429);
		assertThat(Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 300L);
	}

	@Test
	void healthIsPublicAndOtherActuatorAndCfgPathsNeedStaff() throws Exception {
		assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
		assertThat(get("/actuator/env").statusCode()).isEqualTo(401);
		assertThat(get("/cfg/anything").statusCode()).isEqualTo(401);
	}

	private static String whoAmI(String token) {
		return CallerServiceGrpc.newBlockingStub(Tokens.bearer(server.channel(), token)).whoAmI(Calls.request("")).getText();
	}

	private static HttpResponse<String> post(String path, String json) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> postForm(String path, String form) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> get(String path) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private static URI uri(String path) {
		return URI.create("http://127.0.0.1:" + server.httpPort() + path);
	}

}
