package dev.cfg.grpc.demo.admin;

import java.net.CookieManager;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.cfg.grpc.demo.DemoApplication;
import dev.cfg.grpc.demo.api.products.GetProductRequest;
import dev.cfg.grpc.demo.api.products.ProductServiceGrpc;
import dev.cfg.grpc.demo.api.users.UpdateProfileRequest;
import dev.cfg.grpc.demo.api.users.UserServiceGrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The admin as a person uses it, in Debian's Chromium against the demo on a real port: signing in
 * (and being refused), the dashboard charting calls the test made, the request log's filters,
 * search, detail and CSV export, a try-it call, an API key made and revoked, users. Hostile text
 * stored in the log is shown as text. Screenshots of every page go to target/admin-screenshots.
 */
@SpringBootTest(classes = DemoApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:admin-browser;DB_CLOSE_DELAY=-1", "cfg.grpc.server.port=0" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminBrowserTest {

	/** The W3C trace the NOT_FOUND call is made in. */
	private static final String TRACE_ID = "5b8efff798038103d269b633813fc60c";

	private static final String HOSTILE_AGENT = "<img src=x onerror=alert(1)>";

	private static final String FORMULA_AGENT = "=HYPERLINK(\"http://evil.example\")";

	private static final String HOSTILE_METHOD = "api.products.ProductService/<b>bold</b>";

	@LocalServerPort
	int httpPort;

	@Autowired
	GrpcServerLifecycle grpc;

	@Autowired
	JdbcTemplate jdbc;

	WebDriver driver;

	/** The admin's pages and requests, in this test's browser and on its port. */
	AdminPages pages;

	ManagedChannel channel;

	String notFoundId;

	String hostileAgentId;

	String formulaAgentId;

	@BeforeAll
	void start(@TempDir Path profile) {
		this.driver = Browser.start(profile);
		this.pages = new AdminPages(this.driver, this.httpPort);
		this.channel = AdminPages.channel(this.grpc.getPort(), "cfg-grpc-browser-test");
	}

	@AfterAll
	void stop() {
		if (this.driver != null) {
			this.driver.quit();
		}
		if (this.channel != null) {
			this.channel.shutdownNow();
		}
	}

	@Test
	@Order(1)
	void aUserWhoIsNotStaffIsRefusedWithAClearMessage() {
		this.pages.signIn("bob", "bob123");
		assertThat(this.pages.text(By.cssSelector(".problem"))).contains("This account is not staff");
		Browser.screenshot(this.driver, "01-login-not-staff");
		this.driver.get(this.pages.url("/"));
		assertThat(this.driver.getCurrentUrl()).endsWith("/admin/login");
	}

	@Test
	@Order(2)
	void aWrongPasswordIsRefused() {
		this.pages.signIn("admin", "not-the-password");
		assertThat(this.pages.text(By.cssSelector(".problem"))).contains("Wrong username or password");
		assertThat(this.driver.findElement(By.cssSelector("label[for=username]")).getText()).isEqualTo("Username");
		Browser.screenshot(this.driver, "02-login-wrong-password");
	}

	@Test
	@Order(3)
	void signInAttemptsShareTheLoginThrottle() throws Exception {
		HttpClient http = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		String token = AdminPages.csrf(http.send(this.pages.get("/admin/login"), HttpResponse.BodyHandlers.ofString()).body());
		String location = "";
		for (int attempt = 1; attempt <= 6; attempt++) {
			location = http.send(this.pages.post("/admin/login", "username=mallory&password=guess" + attempt + "&_csrf=" + token),
					HttpResponse.BodyHandlers.ofString()).headers().firstValue("Location").orElseThrow();
		}
		assertThat(location).as("the sixth attempt for one username").contains("/admin/login?throttled=");
		this.driver.get(location);
		assertThat(this.pages.text(By.cssSelector(".problem"))).startsWith("Too many sign-in attempts. Try again in");
		Browser.screenshot(this.driver, "02b-login-throttled");
	}

	@Test
	@Order(3)
	void formsNeedTheirCsrfTokenAndTheMonitoringApiAcceptsTheSession() throws Exception {
		CookieManager cookies = new CookieManager();
		HttpClient http = HttpClient.newBuilder()
			.cookieHandler(cookies)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		HttpResponse<String> loginPage = http.send(this.pages.get("/admin/login"), HttpResponse.BodyHandlers.ofString());
		String sessionBefore = AdminPages.session(cookies);
		assertThat(loginPage.headers().firstValue("Set-Cookie").orElseThrow()).contains("HttpOnly", "SameSite=Lax");
		HttpResponse<String> signedIn = http.send(this.pages.post("/admin/login",
				"username=admin&password=admin123&_csrf=" + AdminPages.csrf(loginPage.body())), HttpResponse.BodyHandlers.ofString());
		assertThat(signedIn.statusCode()).isEqualTo(302);
		assertThat(signedIn.headers().firstValue("Location").orElseThrow()).endsWith("/admin/");
		assertThat(AdminPages.session(cookies)).as("a new session id at sign-in").isNotEqualTo(sessionBefore);
		HttpResponse<String> forged = http.send(this.pages.post("/admin/api-keys", "username=alice&name=forged"),
				HttpResponse.BodyHandlers.ofString());
		assertThat(forged.statusCode()).as("a POST without the CSRF token").isEqualTo(403);
		assertThat(forged.body()).contains("This form has expired or did not come from this admin");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM cfg_api_key WHERE name = 'forged'", Integer.class))
			.isZero();
		HttpResponse<String> monitor = http.send(this.pages.get("/cfg/grpc/monitor/overview/"), HttpResponse.BodyHandlers.ofString());
		assertThat(monitor.statusCode()).as("the monitoring API with the admin's session").isEqualTo(200);
		assertThat(monitor.body()).contains("\"total\"");
	}

	@Test
	@Order(4)
	void theDashboardChartsTheCallsJustMade() {
		for (long id = 1; id <= 5; id++) {
			assertThat(AdminPages.call(this.channel, ProductServiceGrpc.getGetProductMethod(),
					GetProductRequest.newBuilder().setId(id).build(), new Metadata()).status().isOk()).isTrue();
		}
		Metadata traced = new Metadata();
		traced.put(Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER),
				"00-" + TRACE_ID + "-00f067aa0ba902b7-01");
		AdminPages.Answer missing = AdminPages.call(this.channel, ProductServiceGrpc.getGetProductMethod(),
				GetProductRequest.newBuilder().setId(987654).build(), traced);
		assertThat(missing.status().getCode()).isEqualTo(Status.Code.NOT_FOUND);
		this.notFoundId = missing.requestId();
		ManagedChannel hostile = AdminPages.channel(this.grpc.getPort(), HOSTILE_AGENT);
		ManagedChannel formula = AdminPages.channel(this.grpc.getPort(), FORMULA_AGENT);
		try {
			this.hostileAgentId = AdminPages.call(hostile, ProductServiceGrpc.getGetProductMethod(),
					GetProductRequest.newBuilder().setId(2).build(), new Metadata()).requestId();
			this.formulaAgentId = AdminPages.call(formula, ProductServiceGrpc.getGetProductMethod(),
					GetProductRequest.newBuilder().setId(3).build(), new Metadata()).requestId();
		}
		finally {
			hostile.shutdownNow();
			formula.shutdownNow();
		}
		MethodDescriptor<GetProductRequest, GetProductRequest> unknown = MethodDescriptor
			.newBuilder(io.grpc.protobuf.ProtoUtils.marshaller(GetProductRequest.getDefaultInstance()),
					io.grpc.protobuf.ProtoUtils.marshaller(GetProductRequest.getDefaultInstance()))
			.setType(MethodDescriptor.MethodType.UNARY)
			.setFullMethodName(HOSTILE_METHOD)
			.build();
		assertThat(AdminPages.call(this.channel, unknown, GetProductRequest.getDefaultInstance(), new Metadata()).status().getCode())
			.isEqualTo(Status.Code.UNIMPLEMENTED);
		awaitLogged(9);
		this.pages.signIn("admin", "admin123");
		assertThat(this.driver.getCurrentUrl()).endsWith("/admin/");
		Browser.waiting(this.driver)
			.until((page) -> Integer.parseInt(page.findElement(By.id("calls-chart")).getDomAttribute("data-points") == null
					? "0" : page.findElement(By.id("calls-chart")).getDomAttribute("data-points")) > 0);
		assertThat(Long.parseLong(this.pages.text(By.id("total")))).isGreaterThanOrEqualTo(9);
		assertThat(this.driver.findElement(By.cssSelector(".tables")).getText()).contains("api.products.ProductService",
				"NOT_FOUND");
		assertThat(this.pages.text(By.id("chart-status"))).isEmpty();
		assertThat(this.pages.text(By.id("instances"))).as("the fleet: this instance, running").contains("running", "(this one)");
		Browser.screenshot(this.driver, "03-dashboard");
	}

	@Test
	@Order(5)
	void theRequestLogFiltersSearchesAndShowsHostileTextAsText() {
		this.driver.get(this.pages.url("/requests?status=error"));
		List<WebElement> badges = this.driver.findElements(By.cssSelector("table.calls td:nth-child(2) .badge"));
		assertThat(badges).hasSizeGreaterThanOrEqualTo(2).allSatisfy((badge) -> assertThat(badge.getText()).isEqualTo("error"));
		Browser.screenshot(this.driver, "04-requests-errors");
		this.driver.get(this.pages.url("/requests"));
		this.driver.findElement(By.id("q")).sendKeys(this.notFoundId);
		this.pages.navigate(this.driver.findElement(By.cssSelector("form.filters button[type=submit]")));
		List<WebElement> ids = this.driver.findElements(By.cssSelector("table.calls a.id"));
		assertThat(ids).extracting(WebElement::getText).containsExactly(this.notFoundId);
		this.pages.navigate(ids.get(0));
		assertThat(this.driver.findElement(By.cssSelector("h1")).getText()).contains(this.notFoundId);
		assertThat(this.driver.findElement(By.cssSelector(".detail")).getText()).contains("NOT_FOUND",
				"api.products.ProductService/GetProduct", "anonymous");
		Browser.screenshot(this.driver, "05-request-detail");
		// The call's trace, which the client started, leads to the calls of that trace: this one.
		WebElement trace = this.driver.findElement(By.linkText(TRACE_ID));
		this.pages.navigate(trace);
		assertThat(this.driver.findElements(By.cssSelector("table.calls a.id"))).extracting(WebElement::getText)
			.containsExactly(this.notFoundId);
		this.driver.get(this.pages.url("/requests/" + this.hostileAgentId));
		assertThat(this.driver.findElement(By.cssSelector(".detail")).getText()).contains(HOSTILE_AGENT);
		assertThat(this.driver.findElements(By.cssSelector("main img"))).as("the user agent's HTML is not markup").isEmpty();
		assertThatExceptionOfType(NoAlertPresentException.class).isThrownBy(() -> this.driver.switchTo().alert());
		this.driver.get(this.pages.url("/requests?code=UNIMPLEMENTED"));
		assertThat(this.driver.findElement(By.cssSelector("table.calls")).getText()).contains(HOSTILE_METHOD);
		assertThat(this.driver.findElements(By.cssSelector("table.calls b"))).as("the method name's HTML is not markup")
			.isEmpty();
		Browser.screenshot(this.driver, "06-requests-hostile-names");
		// On a phone: the page fits the screen's width (wide tables scroll inside their box).
		this.driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
		try {
			for (String page : List.of("/", "/requests", "/requests/" + this.notFoundId)) {
				this.driver.get(this.pages.url(page));
				Object overflow = ((org.openqa.selenium.JavascriptExecutor) this.driver)
					.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
				assertThat(((Number) overflow).intValue()).as("horizontal overflow of %s on a phone", page).isLessThanOrEqualTo(0);
			}
			this.driver.get(this.pages.url("/requests"));
			Browser.screenshot(this.driver, "06b-requests-phone");
		}
		finally {
			this.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 900));
		}
	}

	@Test
	@Order(6)
	void theCsvExportHasTheFilteredCallsAndDefusesFormulas() throws Exception {
		HttpResponse<String> errors = HttpClient.newHttpClient()
			.send(this.pages.withSession(this.pages.get("/admin/requests.csv?status=error")), HttpResponse.BodyHandlers.ofString());
		assertThat(errors.statusCode()).isEqualTo(200);
		assertThat(errors.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
		List<String> lines = errors.body().lines().toList();
		assertThat(lines.get(0)).startsWith("request_id,created_at,completed_at,service,method,status,grpc_status_code");
		Integer stored = this.jdbc.queryForObject("SELECT COUNT(*) FROM cfg_grpc_request_log WHERE status = 'error'",
				Integer.class);
		assertThat(lines).hasSize(stored + 1);
		assertThat(lines.subList(1, lines.size())).allSatisfy((line) -> assertThat(line).contains(",error,"));
		HttpResponse<String> formula = HttpClient.newHttpClient()
			.send(this.pages.withSession(this.pages.get("/admin/requests.csv?q=" + this.formulaAgentId)), HttpResponse.BodyHandlers.ofString());
		assertThat(formula.body().lines().toList()).hasSize(2);
		assertThat(formula.body()).as("a spreadsheet shows the user agent as text").contains(",\"'=HYPERLINK(");
		this.driver.get(this.pages.url("/requests"));
		assertThat(this.driver.findElement(By.id("csv")).getDomAttribute("href")).isEqualTo("/admin/requests.csv");
	}

	@Test
	@Order(7)
	void tryItCallsGetProductAsTheSignedInAdminAndTheCallIsLogged() {
		this.driver.get(this.pages.url("/services"));
		assertThat(this.driver.findElement(By.cssSelector("main")).getText()).contains("api.products.ProductService",
				"GetProduct", "server streaming", "api.products.GetProductRequest");
		Browser.screenshot(this.driver, "07-services");
		this.pages.navigate(this.driver.findElement(By.linkText("GetProduct")));
		WebElement json = this.driver.findElement(By.id("json"));
		assertThat(json.getDomProperty("value")).contains("\"id\"");
		json.clear();
		json.sendKeys("{\"id\": \"4\"}");
		this.pages.navigate(this.driver.findElement(By.id("send")));
		Browser.waiting(this.driver).until(ExpectedConditions.presenceOfElementLocated(By.id("status")));
		assertThat(this.pages.text(By.id("status"))).isEqualTo("OK");
		assertThat(this.driver.findElement(By.cssSelector("pre.response")).getText()).contains("\"id\": \"4\"");
		Browser.screenshot(this.driver, "08-try-it");
		this.pages.navigate(this.driver.findElement(By.id("request-id")));
		Browser.waiting(this.driver).until((page) -> page.getCurrentUrl().contains("/admin/requests/"));
		// Public methods identify a caller with valid credentials: the call is the admin's.
		assertThat(this.driver.findElement(By.cssSelector(".detail")).getText()).contains("admin",
				"api.products.ProductService/GetProduct", "cfg-grpc-admin");
		this.driver.get(this.pages.url("/services/api.products.ProductService/SearchProducts"));
		WebElement search = this.driver.findElement(By.id("json"));
		search.clear();
		search.sendKeys("{\"category\": \"garden\", \"max_price\": \"1000\"}");
		this.pages.navigate(this.driver.findElement(By.id("send")));
		assertThat(this.pages.text(By.id("status"))).isEqualTo("OK");
		assertThat(this.driver.findElements(By.cssSelector("pre.response"))).as("every message of the stream")
			.hasSizeGreaterThan(1)
			.allSatisfy((message) -> assertThat(message.getText()).contains("\"category\": \"garden\""));
	}

	@Test
	@Order(8)
	void anApiKeyMadeHereWorksOverGrpcUntilRevokedHere() {
		this.driver.get(this.pages.url("/api-keys"));
		new Select(this.driver.findElement(By.id("username"))).selectByVisibleText("alice");
		this.driver.findElement(By.id("name")).sendKeys("browser test");
		this.pages.navigate(this.driver.findElement(By.id("create-key")));
		String key = this.pages.text(By.id("new-key"));
		assertThat(key).matches("[0-9a-f]{64}");
		Browser.screenshot(this.driver, "09-api-key-created");
		Metadata withKey = new Metadata();
		withKey.put(Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER), key);
		UpdateProfileRequest update = UpdateProfileRequest.newBuilder().setBio("Set with a key from the admin").build();
		assertThat(AdminPages.call(this.channel, UserServiceGrpc.getUpdateProfileMethod(), update, withKey).status().isOk()).isTrue();
		this.driver.get(this.pages.url("/api-keys"));
		assertThat(this.driver.getPageSource()).doesNotContain(key);
		this.pages.navigate(this.driver.findElement(By.cssSelector("button[aria-label='Revoke key " + key.substring(0, 8) + "']")));
		assertThat(this.pages.text(By.cssSelector(".notice"))).contains("revoked");
		Browser.screenshot(this.driver, "10-api-keys");
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> AdminPages.call(this.channel, UserServiceGrpc.getUpdateProfileMethod(), update, withKey).status()
				.getCode() == Status.Code.UNAUTHENTICATED);
	}

	@Test
	@Order(9)
	void superusersCreateUsersAndMakeThemStaff() {
		this.driver.get(this.pages.url("/users"));
		assertThat(this.driver.findElement(By.id("users")).getText()).contains("admin", "alice", "bob");
		this.driver.findElement(By.id("new-username")).sendKeys("carol");
		this.driver.findElement(By.id("new-password")).sendKeys("carol-password");
		this.pages.navigate(this.driver.findElement(By.xpath("//button[text()='Create user']")));
		assertThat(this.pages.text(By.cssSelector(".notice"))).contains("User carol created");
		this.driver.findElement(By.id("staff")).click();
		this.pages.navigate(this.driver.findElement(By.xpath("//button[text()='Save flags']")));
		assertThat(this.pages.text(By.cssSelector(".notice"))).contains("flags saved");
		Browser.screenshot(this.driver, "11-user");
		this.driver.get(this.pages.url("/users"));
		Browser.screenshot(this.driver, "12-users");
		this.pages.navigate(this.driver.findElement(By.cssSelector("form.signout button")));
		assertThat(this.pages.text(By.cssSelector(".notice"))).contains("signed out");
		this.pages.signIn("carol", "carol-password");
		assertThat(this.driver.getCurrentUrl()).endsWith("/admin/");
		assertThat(this.driver.findElements(By.linkText("Users"))).as("user management is for superusers").isEmpty();
		this.driver.get(this.pages.url("/users"));
		assertThat(this.driver.getPageSource()).doesNotContain("carol-password");
		assertThat(this.driver.findElements(By.id("users"))).isEmpty();
		assertThat(this.pages.text(By.cssSelector(".problem"))).contains("Only superusers");
	}

	@Test
	@Order(10)
	void theKeyboardAloneSignsInAndSkipsToTheContent() {
		this.driver.manage().deleteAllCookies();
		this.driver.get(this.pages.url("/login"));
		org.openqa.selenium.interactions.Actions keys = new org.openqa.selenium.interactions.Actions(this.driver);
		// The sign-in page puts the cursor in the username field.
		Browser.waiting(this.driver).until((driver) -> "username".equals(this.pages.focused().getDomAttribute("id")));
		WebElement page = this.driver.findElement(By.tagName("html"));
		keys.sendKeys("admin", org.openqa.selenium.Keys.TAB, "admin123", org.openqa.selenium.Keys.ENTER).perform();
		this.pages.awaitReplaced(page);
		assertThat(this.driver.getCurrentUrl()).endsWith("/admin/");
		assertThat(this.pages.text(By.cssSelector(".who"))).isEqualTo("admin");
		this.driver.get(this.pages.url("/requests"));
		keys.sendKeys(org.openqa.selenium.Keys.TAB).perform();
		assertThat(this.pages.focused().getDomProperty("outerHTML")).contains("Skip to content");
		keys.sendKeys(org.openqa.selenium.Keys.ENTER).perform();
		assertThat(this.pages.focused().getDomAttribute("id")).isEqualTo("main");
	}

	private void awaitLogged(int calls) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForObject("SELECT COUNT(*) FROM cfg_grpc_request_log", Integer.class) >= calls);
	}


	@Test
	@Order(11)
	void theLivePageShowsCallsAsTheyFinishAndKeepsThemWhilePaused() {
		this.driver.manage().deleteAllCookies();
		this.pages.signIn("admin", "admin123");
		this.driver.get(this.pages.url("/live"));
		Browser.waiting(this.driver).until((page) -> "Watching".equals(this.pages.text(By.id("live-state"))));
		List<String> ids = new java.util.ArrayList<>();
		for (long id = 1; id <= 3; id++) {
			ids.add(AdminPages.call(this.channel, ProductServiceGrpc.getGetProductMethod(),
					GetProductRequest.newBuilder().setId(id).build(), new Metadata()).requestId());
		}
		// No reload: the rows arrive on the open page, newest first.
		Browser.waiting(this.driver).until((page) -> liveRows().size() >= 3);
		assertThat(liveRows().get(0).findElement(By.tagName("a")).getDomAttribute("href")).endsWith(ids.get(2));
		assertThat(liveRows().get(0).getText()).contains("api.products.ProductService/GetProduct", "OK", "grpc");
		Browser.screenshot(this.driver, "13-live");

		this.driver.findElement(By.id("live-pause")).click();
		int before = liveRows().size();
		String whilePaused = AdminPages.call(this.channel, ProductServiceGrpc.getGetProductMethod(),
				GetProductRequest.newBuilder().setId(4).build(), new Metadata()).requestId();
		Browser.waiting(this.driver).until((page) -> this.pages.text(By.id("live-counts")).contains("1 waiting"));
		assertThat(liveRows()).hasSize(before);
		this.driver.findElement(By.id("live-pause")).click();
		Browser.waiting(this.driver).until((page) -> liveRows().size() == before + 1);
		assertThat(liveRows().get(0).findElement(By.tagName("a")).getDomAttribute("href")).endsWith(whilePaused);

		// Filtered on the server: only the failures of GetProduct.
		this.driver.get(this.pages.url("/live?method=GetProduct&status=errors"));
		Browser.waiting(this.driver).until((page) -> "Watching".equals(this.pages.text(By.id("live-state"))));
		AdminPages.call(this.channel, ProductServiceGrpc.getGetProductMethod(),
				GetProductRequest.newBuilder().setId(1).build(), new Metadata());
		String missing = AdminPages.call(this.channel, ProductServiceGrpc.getGetProductMethod(),
				GetProductRequest.newBuilder().setId(987655).build(), new Metadata()).requestId();
		Browser.waiting(this.driver).until((page) -> !liveRows().isEmpty());
		assertThat(liveRows()).singleElement()
			.satisfies((row) -> assertThat(row.getText()).contains("NOT_FOUND"))
			.satisfies((row) -> assertThat(row.findElement(By.tagName("a")).getDomAttribute("href")).endsWith(missing));
		Browser.screenshot(this.driver, "14-live-errors");
	}

	@Test
	@Order(12)
	void theServicesPageOffersTheProtoFiles() {
		this.driver.get(this.pages.url("/services"));
		this.pages.navigate(this.driver.findElement(By.linkText("api/products/products.proto")));
		assertThat(this.driver.findElement(By.tagName("body")).getText()).contains("service ProductService",
				"rpc GetProduct");
		this.driver.get(this.pages.url("/services"));
		assertThat(this.driver.findElement(By.id("protos")).getDomAttribute("href")).isEqualTo("/cfg/grpc/protos.zip");
	}

	private List<WebElement> liveRows() {
		return this.driver.findElements(By.cssSelector("#live-calls tbody tr"));
	}

}
