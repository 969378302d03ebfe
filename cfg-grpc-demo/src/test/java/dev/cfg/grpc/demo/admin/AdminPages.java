package dev.cfg.grpc.demo.admin;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the admin's browser test does on its pages (signing in, moving between pages, reading them)
 * and over plain HTTP and gRPC beside the browser, on the port of the application under test.
 */
final class AdminPages {

	private final WebDriver driver;

	private final int httpPort;

	AdminPages(WebDriver driver, int httpPort) {
		this.driver = driver;
		this.httpPort = httpPort;
	}

	WebElement focused() {
		return this.driver.switchTo().activeElement();
	}

	void signIn(String username, String password) {
		this.driver.manage().deleteAllCookies();
		this.driver.get(url("/login"));
		this.driver.findElement(By.id("username")).sendKeys(username);
		this.driver.findElement(By.id("password")).sendKeys(password);
		navigate(this.driver.findElement(By.cssSelector("form button[type=submit]")));
	}

	/** Clicks what leads to another page, and waits until that page has replaced this one. */
	void navigate(WebElement link) {
		WebElement page = this.driver.findElement(By.tagName("html"));
		link.click();
		awaitReplaced(page);
	}

	/** Waits until another document has replaced the one the element belongs to. */
	void awaitReplaced(WebElement page) {
		Browser.waiting(this.driver).until((driver) -> {
			try {
				page.isEnabled();
				return false;
			}
			catch (WebDriverException gone) {
				// Stale, or (as Chromium sometimes says while it swaps documents) no longer in the document.
				return true;
			}
		});
	}

	String text(By by) {
		return Browser.waiting(this.driver).until(ExpectedConditions.presenceOfElementLocated(by)).getText();
	}

	String url(String path) {
		return "http://127.0.0.1:" + this.httpPort + "/admin" + path;
	}

	HttpRequest get(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + path)).build();
	}

	HttpRequest post(String path, String form) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build();
	}

	HttpRequest withSession(HttpRequest request) {
		Cookie session = this.driver.manage().getCookieNamed("JSESSIONID");
		return HttpRequest.newBuilder(request.uri()).header("Cookie", "JSESSIONID=" + session.getValue()).build();
	}

	static String session(CookieManager cookies) {
		return cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter((cookie) -> cookie.getName().equals("JSESSIONID"))
			.map(java.net.HttpCookie::getValue)
			.findFirst()
			.orElseThrow();
	}

	static String csrf(String page) {
		Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
		assertThat(token.find()).as("the sign-in form carries a CSRF token").isTrue();
		return URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
	}

	record Answer(Status status, String requestId) {
	}

	static <Q, R> Answer call(Channel channel, MethodDescriptor<Q, R> method, Q request, Metadata headers) {
		CompletableFuture<Answer> answer = new CompletableFuture<>();
		ClientCall<Q, R> call = channel.newCall(method, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS));
		call.start(new ClientCall.Listener<>() {
			@Override
			public void onClose(Status status, Metadata trailers) {
				answer.complete(new Answer(status,
						trailers.get(Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER))));
			}
		}, headers);
		call.request(1);
		call.sendMessage(request);
		call.halfClose();
		return answer.orTimeout(60, TimeUnit.SECONDS).join();
	}

	/** A plaintext channel to the gRPC port that calls with a user agent of the test's choosing. */
	static ManagedChannel channel(int grpcPort, String userAgent) {
		return ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().userAgent(userAgent).build();
	}

}
