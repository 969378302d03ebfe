package dev.cfg.grpc.demo.admin;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import io.grpc.ManagedChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.cfg.grpc.demo.DemoApplication;
import dev.cfg.grpc.demo.api.users.GetUserRequest;
import dev.cfg.grpc.demo.api.users.UserServiceGrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A page of another site calls the demo with gRPC-Web from Chromium: the browser's preflight is
 * answered for the listed origin, the call is answered, its request id is readable by the page's
 * script, and the request log has it as a gRPC-Web call, which the admin's request log finds by
 * its protocol; a page of an origin that is not listed is kept from calling by the browser itself.
 */
@SpringBootTest(classes = DemoApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:web-calls-browser;DB_CLOSE_DELAY=-1", "cfg.grpc.server.port=0" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebCallsBrowserTest {

	/** The other site, whose origin the demo lists. */
	private static final HttpServer LISTED = pages();

	/** A site the demo does not list. */
	private static final HttpServer UNLISTED = pages();

	@LocalServerPort
	int httpPort;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	GrpcServerLifecycle grpc;

	WebDriver driver;

	@DynamicPropertySource
	static void listTheOtherSite(DynamicPropertyRegistry registry) {
		registry.add("cfg.grpc.web.allowed-origins", () -> origin(LISTED));
	}

	@BeforeAll
	void start(@TempDir Path profile) {
		this.driver = Browser.start(profile);
	}

	@AfterAll
	void stop() {
		if (this.driver != null) {
			this.driver.quit();
		}
		LISTED.stop(0);
		UNLISTED.stop(0);
	}

	@Test
	void aPageOfAListedSiteCallsWithGrpcWebAndTheCallIsLogged() {
		String result = open(LISTED);
		Browser.screenshot(this.driver, "20-grpc-web-from-another-site");
		assertThat(result).startsWith("status 0 alice request ");
		String requestId = result.substring("status 0 alice request ".length());
		assertThat(requestId).as("x-request-id, exposed to the page").matches("[0-9a-f-]{36}");
		List<Map<String, Object>> rows = await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForList("SELECT protocol, full_method, client_ip, user_agent FROM cfg_grpc_request_log "
					+ "WHERE request_id = ?", requestId), (found) -> !found.isEmpty());
		assertThat(rows).singleElement().satisfies((row) -> {
			assertThat(row.get("PROTOCOL")).isEqualTo("grpc-web");
			assertThat(row.get("FULL_METHOD")).isEqualTo("api.users.UserService/GetUser");
			assertThat(row.get("CLIENT_IP")).isEqualTo("127.0.0.1");
			assertThat((String) row.get("USER_AGENT")).contains("Chrome");
		});
	}

	@Test
	void theAdminFiltersTheRequestLogByProtocol() {
		String requestId = open(LISTED).substring("status 0 alice request ".length());
		// And one call over gRPC, which the filter leaves out.
		ManagedChannel channel = AdminPages.channel(this.grpc.getPort(), "cfg-grpc-browser-test");
		try {
			UserServiceGrpc.newBlockingStub(channel).getUser(GetUserRequest.newBuilder().setUserId(2).build());
		}
		finally {
			channel.shutdownNow();
		}
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForList("SELECT protocol FROM cfg_grpc_request_log WHERE request_id = ? "
					+ "OR protocol = 'grpc'", requestId), (found) -> found.size() >= 2);
		AdminPages pages = new AdminPages(this.driver, this.httpPort);
		pages.signIn("admin", "admin123");
		this.driver.get(pages.url("/requests"));
		new Select(this.driver.findElement(By.id("protocol"))).selectByValue("grpc-web");
		pages.navigate(this.driver.findElement(By.cssSelector("form.filters button[type=submit]")));
		assertThat(this.driver.findElements(By.cssSelector("table.calls a.id"))).extracting(WebElement::getText)
			.contains(requestId);
		assertThat(this.driver.findElements(By.cssSelector("table.calls td.protocol"))).isNotEmpty()
			.allSatisfy((cell) -> assertThat(cell.getText()).isEqualTo("grpc-web"));
		Browser.screenshot(this.driver, "22-requests-by-protocol");
	}

	@Test
	void aPageOfAnUnlistedSiteIsKeptFromCalling() {
		assertThat(open(UNLISTED)).isEqualTo("blocked");
		Browser.screenshot(this.driver, "21-grpc-web-from-an-unlisted-site");
	}

	/** Opens the site's page, which calls the demo, and reads what it shows. */
	private String open(HttpServer site) {
		this.driver.get(origin(site) + "/?api=" + "http://127.0.0.1:" + this.httpPort);
		Browser.waiting(this.driver).until((browser) -> !browser.findElement(By.id("result")).getText().isEmpty());
		return this.driver.findElement(By.id("result")).getText();
	}

	private static String origin(HttpServer site) {
		return "http://localhost:" + site.getAddress().getPort();
	}

	/**
	 * A site with one page whose script calls GetUser of user 2 with gRPC-Web, by hand: the request
	 * is the frame of a GetUserRequest (field 1, varint 2); the answer's frames are read back.
	 */
	private static HttpServer pages() {
		String page = """
				<!doctype html><html><head><title>Another site</title></head><body>
				<h1>A page of another site</h1><p>GetUser(2) with gRPC-Web: <span id="result"></span></p>
				<script>
				(async () => {
				  const api = new URLSearchParams(location.search).get('api');
				  const shown = document.getElementById('result');
				  try {
				    const answer = await fetch(api + '/api.users.UserService/GetUser', {
				      method: 'POST',
				      headers: { 'content-type': 'application/grpc-web+proto', 'x-grpc-web': '1' },
				      body: new Uint8Array([0, 0, 0, 0, 2, 0x08, 0x02])
				    });
				    const bytes = new Uint8Array(await answer.arrayBuffer());
				    let at = 0, status = null, user = '';
				    while (at + 5 <= bytes.length) {
				      const length = (bytes[at + 1] << 24) | (bytes[at + 2] << 16) | (bytes[at + 3] << 8) | bytes[at + 4];
				      const payload = new TextDecoder().decode(bytes.slice(at + 5, at + 5 + length));
				      if (bytes[at] & 0x80) { status = /grpc-status:(\\d+)/.exec(payload)[1]; }
				      else if (payload.includes('alice')) { user = 'alice'; }
				      at += 5 + length;
				    }
				    shown.textContent = 'status ' + status + ' ' + user + ' request ' + answer.headers.get('x-request-id');
				  } catch (refused) {
				    shown.textContent = 'blocked';
				  }
				})();
				</script></body></html>
				""";
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/", (exchange) -> {
				byte[] body = page.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
