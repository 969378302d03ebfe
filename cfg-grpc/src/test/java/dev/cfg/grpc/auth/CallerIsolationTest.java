package dev.cfg.grpc.auth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;

import dev.cfg.grpc.test.echo.CallerServiceGrpc;
import dev.cfg.grpc.test.echo.EchoReply;
import dev.cfg.grpc.testapp.Calls;
import dev.cfg.grpc.testapp.RunningServer;
import dev.cfg.grpc.testapp.Tokens;
import dev.cfg.grpc.users.UserStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each call sees its own caller and no other: thousands of concurrent, interleaved calls of two
 * users (and anonymous ones), unary and streaming, on a small worker pool so threads are shared.
 */
class CallerIsolationTest {

	private static final int CALLS = 4000;

	@Test
	void everyCallSeesOnlyItsOwnCallerInGrpcAndSpringSecurity() throws Exception {
		try (RunningServer server = RunningServer.start("cfg.grpc.server.max-workers=4",
				"cfg.grpc.auth.require-auth=false")) {
			Map<String, Channel> channels = Map.of("alice", signedIn(server, "alice"), "bob", signedIn(server, "bob"), "-",
					server.channel());
			List<String> callers = List.of("alice", "bob", "-");
			Semaphore inFlight = new Semaphore(64);
			Map<String, Integer> wrong = new ConcurrentHashMap<>();
			AtomicInteger replies = new AtomicInteger();
			List<CompletableFuture<Void>> calls = new ArrayList<>();
			for (int i = 0; i < CALLS; i++) {
				String caller = callers.get(i % 3);
				String expected = caller + "|" + caller;
				var stub = CallerServiceGrpc.newStub(channels.get(caller)).withDeadlineAfter(30, TimeUnit.SECONDS);
				CompletableFuture<Void> done = new CompletableFuture<>();
				inFlight.acquire();
				StreamObserver<EchoReply> observer = new StreamObserver<>() {
					@Override
					public void onNext(EchoReply reply) {
						replies.incrementAndGet();
						if (!reply.getText().equals(expected)) {
							wrong.merge(expected + " saw " + reply.getText(), 1, Integer::sum);
						}
					}

					@Override
					public void onError(Throwable t) {
						inFlight.release();
						done.completeExceptionally(t);
					}

					@Override
					public void onCompleted() {
						inFlight.release();
						done.complete(null);
					}
				};
				if (i % 2 == 0) {
					stub.whoAmI(Calls.request(""), observer);
				}
				else {
					stub.whoAmIStream(Calls.request(""), observer);
				}
				calls.add(done);
			}
			CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
			assertThat(wrong).isEmpty();
			assertThat(replies.get()).isEqualTo(CALLS / 2 + (CALLS / 2) * 3);
		}
	}

	@Test
	void springSecurityContextIsEmptyBetweenCallsOnTheSameThread() {
		try (RunningServer server = RunningServer.start("cfg.grpc.server.max-workers=1",
				"cfg.grpc.auth.require-auth=false")) {
			Channel alice = signedIn(server, "alice");
			for (int i = 0; i < 200; i++) {
				assertThat(AuthTest.whoAmI(alice)).isEqualTo("alice|alice");
				assertThat(AuthTest.whoAmI(server.channel())).isEqualTo("-|-");
			}
		}
	}

	private static Channel signedIn(RunningServer server, String username) {
		UserStore users = server.context().getBean(UserStore.class);
		long id = users.createUser(username, "", "pw", false, false).getId();
		String token = server.context().getBean(TokenIssuer.class).accessToken(String.valueOf(id), Duration.ofMinutes(10));
		return Tokens.bearer(server.channel(), token);
	}

}
