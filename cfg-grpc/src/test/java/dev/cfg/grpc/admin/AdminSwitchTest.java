package dev.cfg.grpc.admin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import dev.cfg.grpc.testapp.RunningServer;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin is served where {@code cfg.grpc.admin.path} says, with its assets, and not at all when off. */
class AdminSwitchTest {

	@Test
	void theAdminIsOnByDefaultAtAdminWithItsAssetsFromTheJar() throws Exception {
		try (RunningServer server = RunningServer.startWithHttp()) {
			HttpResponse<String> login = get(server, "/admin/login");
			assertThat(login.statusCode()).isEqualTo(200);
			assertThat(login.body()).contains("name=\"username\"", "name=\"password\"", "name=\"_csrf\"");
			assertThat(login.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'",
					"frame-ancestors 'none'");
			assertThat(login.headers().firstValue("X-Frame-Options")).hasValue("DENY");
			assertThat(get(server, "/admin/assets/htmx.min.js").statusCode()).isEqualTo(200);
			assertThat(get(server, "/admin/assets/chart.umd.js").statusCode()).isEqualTo(200);
			assertThat(get(server, "/admin/assets/admin.css").statusCode()).isEqualTo(200);
			HttpResponse<String> dashboard = get(server, "/admin/");
			assertThat(dashboard.statusCode()).as("signed out: to the sign-in page").isEqualTo(302);
			assertThat(dashboard.headers().firstValue("Location").orElseThrow()).endsWith("/admin/login");
		}
	}

	@Test
	void anotherPathMovesEveryPageAndAsset() throws Exception {
		try (RunningServer server = RunningServer.startWithHttp("cfg.grpc.admin.path=/ops/grpc")) {
			HttpResponse<String> login = get(server, "/ops/grpc/login");
			assertThat(login.statusCode()).isEqualTo(200);
			assertThat(login.body()).contains("action=\"/ops/grpc/login\"", "href=\"/ops/grpc/assets/admin.css\"");
			assertThat(get(server, "/ops/grpc/assets/admin.js").statusCode()).isEqualTo(200);
			assertThat(get(server, "/admin/login").statusCode()).isNotEqualTo(200);
		}
	}

	@Test
	void enabledFalseServesNoAdmin() throws Exception {
		try (RunningServer server = RunningServer.startWithHttp("cfg.grpc.admin.enabled=false")) {
			assertThat(server.context().getBeanNamesForType(AdminDashboard.class)).isEmpty();
			assertThat(get(server, "/admin/login").statusCode()).isNotEqualTo(200);
		}
	}

	private static HttpResponse<String> get(RunningServer server, String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path)).build(),
					HttpResponse.BodyHandlers.ofString());
	}

}
