package dev.cfg.grpc.users;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import dev.cfg.grpc.auth.TokenIssuer;
import dev.cfg.grpc.testapp.RunningServer;
import dev.cfg.grpc.testapp.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guessing passwords, as an attacker would: in parallel, through HTTP Basic as well as the token
 * endpoint, for usernames that do not exist, with huge usernames and bodies, and with a refresh
 * token of a user who is gone.
 */
class PasswordGuessingTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	/** Every password check the server makes, whoever makes it. */
	static final AtomicInteger CHECKS = new AtomicInteger();

	static RunningServer server;

	@BeforeAll
	static void start() {
		server = RunningServer.startWithHttp(CountingPasswords.class, "cfg.grpc.auth.login-max-failures=5");
		UserStore users = server.context().getBean(UserStore.class);
		for (String name : List.of("alice", "admin", "dora", "gone")) {
			boolean admin = name.equals("admin");
			users.createUser(name, "", name + "-password", admin, admin);
		}
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void fiftyParallelGuessesForOneUsernameCheckNoMoreThanTheLimit() throws Exception {
		List<Integer> statuses = parallel(60, (i) -> login("alice", "guess-" + i).statusCode());
		assertThat(statuses.stream().filter((status) -> status == 401).count()).isEqualTo(5);
		assertThat(statuses.stream().filter((status) -> status == 429).count()).isEqualTo(55);
		assertThat(login("alice", "alice-password").statusCode()).as("the right password, now").isEqualTo(429);
	}

	@Test
	void httpBasicIsThrottledWithTheSameCountAsTheTokenEndpoint() throws Exception {
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			statuses.add(basic("admin", "guess-" + i).statusCode());
		}
		assertThat(statuses.subList(0, 5)).containsOnly(401);
		assertThat(statuses.subList(5, 30)).containsOnly(429);
		HttpResponse<String> right = basic("admin", "admin-password");
		assertThat(right.statusCode()).isEqualTo(429);
		assertThat(Long.parseLong(right.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 300L);
		assertThat(login("admin", "admin-password").statusCode()).as("the token endpoint counts the same").isEqualTo(429);
	}

	@Test
	void anUnknownUsernameCostsTheSamePasswordCheckAsAWrongPassword() throws Exception {
		int before = CHECKS.get();
		assertThat(login("nobody-" + System.nanoTime(), "whatever").statusCode()).isEqualTo(401);
		int unknown = CHECKS.get() - before;
		before = CHECKS.get();
		assertThat(login("dora", "wrong").statusCode()).isEqualTo(401);
		int wrong = CHECKS.get() - before;
		assertThat(unknown).isEqualTo(wrong).isEqualTo(1);
		before = CHECKS.get();
		assertThat(basic("nobody-" + System.nanoTime(), "whatever").statusCode()).isEqualTo(401);
		assertThat(CHECKS.get() - before).as("HTTP Basic with an unknown username").isEqualTo(1);
	}

	@Test
	void hugeUsernamesAndBodiesAreRefusedUnread() throws Exception {
		HttpResponse<String> twoMegabytes = login("x".repeat(2 * 1024 * 1024), "p");
		assertThat(twoMegabytes.statusCode()).isEqualTo(413);
		HttpResponse<String> longName = login("y".repeat(151), "p");
		assertThat(longName.statusCode()).isEqualTo(400);
		assertThat(longName.body()).contains("username may have at most 150 characters");
		HttpResponse<String> chunked = HTTP.send(HttpRequest.newBuilder(uri("/cfg/auth/token/"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(
					() -> new java.io.ByteArrayInputStream(("{\"username\":\"" + "z".repeat(200_000) + "\"}")
						.getBytes(StandardCharsets.UTF_8))))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(chunked.statusCode()).as("a body without a length stops being read at the limit").isEqualTo(400);
	}

	@Test
	void sixtyLoginsWithTwoMegabyteUsernamesLeaveTheHeapAsItWas() throws Exception {
		long before = heapAfterGc();
		String username = "u".repeat(2 * 1024 * 1024);
		for (int i = 0; i < 60; i++) {
			assertThat(login(username + i, "p").statusCode()).isEqualTo(413);
		}
		long grown = heapAfterGc() - before;
		// Kept, these would be 60 keys of 2 MB (4 MB each as Java strings): 240 MB.
		assertThat(grown).as("heap growth after GC, bytes").isLessThan(64L * 1024 * 1024);
	}

	private static long heapAfterGc() throws InterruptedException {
		java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
		for (int i = 0; i < 3; i++) {
			System.gc();
			// Lets the collector finish its background work before the heap is read: nothing to await.
			Thread.sleep(100);
		}
		return memory.getHeapMemoryUsage().getUsed();
	}

	@Test
	void aRefreshTokenOfAUserWhoIsNoLongerActiveGivesNoAccessToken() throws Exception {
		Map<?, ?> tokens = JSON.readValue(login("gone", "gone-password").body(), Map.class);
		server.context().getBean(UserStore.class).setActive("gone", false);
		HttpResponse<String> refreshed = post("/cfg/auth/token/refresh/", "{\"refresh\":\"" + tokens.get("refresh") + "\"}");
		assertThat(refreshed.statusCode()).isEqualTo(401);
		String unknownUser = server.context().getBean(TokenIssuer.class).tokens("987654321").refresh();
		assertThat(post("/cfg/auth/token/refresh/", "{\"refresh\":\"" + unknownUser + "\"}").statusCode()).isEqualTo(401);
	}

	private static <T> List<T> parallel(int count, java.util.function.IntFunction<T> attempt) throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(count);
		try {
			CountDownLatch go = new CountDownLatch(1);
			List<Future<T>> results = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				int n = i;
				Callable<T> task = () -> {
					go.await();
					return attempt.apply(n);
				};
				results.add(threads.submit(task));
			}
			go.countDown();
			List<T> all = new ArrayList<>();
			for (Future<T> result : results) {
				all.add(result.get(2, TimeUnit.MINUTES));
			}
			return all;
		}
		finally {
			threads.shutdownNow();
		}
	}

	private static HttpResponse<String> login(String username, String password) {
		return post("/cfg/auth/token/", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
	}

	private static HttpResponse<String> post(String path, String json) {
		try {
			return HTTP.send(HttpRequest.newBuilder(uri(path))
				.header("Content-Type", "application/json")
				.timeout(Duration.ofMinutes(2))
				.POST(HttpRequest.BodyPublishers.ofString(json))
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static HttpResponse<String> basic(String username, String password) throws Exception {
		String credentials = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
		return HTTP.send(HttpRequest.newBuilder(uri("/cfg/grpc/monitor/health/"))
			.header("Authorization", "Basic " + credentials)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static URI uri(String path) {
		return URI.create("http://127.0.0.1:" + server.httpPort() + path);
	}

	/** The test application with a password encoder that counts its checks. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestApplication.class)
	static class CountingPasswords {

		@Bean
		PasswordEncoder countingPasswordEncoder() {
			PasswordEncoder real = PasswordEncoderFactories.createDelegatingPasswordEncoder();
			return new PasswordEncoder() {
				@Override
				public String encode(CharSequence raw) {
					return real.encode(raw);
				}

				@Override
				public boolean matches(CharSequence raw, String encoded) {
					CHECKS.incrementAndGet();
					return real.matches(raw, encoded);
				}
			};
		}

	}

}
