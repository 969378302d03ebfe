package dev.cfg.grpc.limits;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import dev.cfg.grpc.test.echo.EchoServiceGrpc;
import dev.cfg.grpc.testapp.Calls;
import dev.cfg.grpc.testapp.RunningServer;
import dev.cfg.grpc.testapp.Tokens;
import dev.cfg.grpc.users.ApiKeyStore;
import dev.cfg.grpc.users.UserStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Per-caller rate limits on a real server: a caller over its rate is refused with
 * RESOURCE_EXHAUSTED and told when to retry, while other callers go on; the refusal is counted
 * and logged; methods can have rates of their own; health checks are never limited; a flood of
 * client addresses is remembered only up to the bound; HTTP clients get 429 and Retry-After.
 */
class RateLimitTest {

	/** Calls made to drain a bucket: many more than a bucket holds plus what refills meanwhile. */
	private static final int FLOOD = 200;

	@Test
	void aUserOverTheRateIsRefusedWhileAnotherUserGoesOn() throws Exception {
		try (RunningServer server = RunningServer.start("cfg.grpc.rate-limit.enabled=true",
				"cfg.grpc.rate-limit.per-user=1", "cfg.grpc.rate-limit.burst=5s")) {
			UserStore users = server.context().getBean(UserStore.class);
			String flooder = Tokens.simplejwt(users.createUser("flooder", "", "pw-flooder", false, false).getId(),
					"access", 300);
			String quiet = Tokens.simplejwt(users.createUser("quiet", "", "pw-quiet", false, false).getId(),
					"access", 300);
			var flooding = echoAs(server, "authorization", "Bearer " + flooder);
			var calm = echoAs(server, "authorization", "Bearer " + quiet);

			// The flooder on four threads, the quiet user's calls (within its bucket of 5) at the same time.
			ExecutorService threads = Executors.newFixedThreadPool(4);
			List<Future<List<Status.Code>>> floods = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				floods.add(threads.submit(() -> codes(() -> flooding.echo(Calls.request("flood")), FLOOD / 4)));
			}
			List<Status.Code> quietCodes = codes(() -> calm.echo(Calls.request("quiet")), 3);
			List<Status.Code> floodCodes = new ArrayList<>();
			for (Future<List<Status.Code>> flood : floods) {
				floodCodes.addAll(flood.get());
			}
			threads.shutdown();
			assertThat(quietCodes).containsOnly(Status.Code.OK);
			assertThat(floodCodes).contains(Status.Code.OK, Status.Code.RESOURCE_EXHAUSTED)
				.containsOnly(Status.Code.OK, Status.Code.RESOURCE_EXHAUSTED);

			StatusRuntimeException refused = refusal(() -> flooding.echo(Calls.request("once more")));
			assertThat(refused.getStatus().getDescription()).matches("Too many calls; retry in \\d+ ms");
			long pushback = Long.parseLong(refused.getTrailers()
				.get(Metadata.Key.of("grpc-retry-pushback-ms", Metadata.ASCII_STRING_MARSHALLER)));
			assertThat(pushback).isBetween(1L, 1000L);
			assertThat(refused.getTrailers().get(Metadata.Key.of("retry-after", Metadata.ASCII_STRING_MARSHALLER)))
				.isEqualTo("1");
			List<Any> details = StatusProto.fromThrowable(refused).getDetailsList();
			assertThat(details).anySatisfy((detail) -> assertThat(detail.is(RetryInfo.class)).isTrue())
				.anySatisfy((detail) -> assertThat(detail.unpack(ErrorInfo.class).getReason()).isEqualTo("RATE_LIMITED"));

			assertThat(server.awaitLogRows("username = ? AND grpc_status_code = 'RESOURCE_EXHAUSTED'", "flooder"))
				.first()
				.satisfies((row) -> assertThat((String) row.get("ERROR_MESSAGE")).startsWith("Too many calls"));
			assertThat(server.context()
				.getBean(MeterRegistry.class)
				.get("cfg.grpc.rate_limit.refused")
				.tag("caller", "user")
				.counter()
				.count()).isGreaterThanOrEqualTo(1);
		}
	}

	@Test
	void anApiKeyHasABucketOfItsOwnAndAMethodCanHaveItsOwnRate() {
		try (RunningServer server = RunningServer.start("cfg.grpc.rate-limit.enabled=true",
				"cfg.grpc.rate-limit.per-api-key=1", "cfg.grpc.rate-limit.burst=3s",
				"cfg.grpc.rate-limit.methods[cfg.test.EchoService/EchoStream]=1")) {
			server.context().getBean(UserStore.class).createUser("keyholder", "", "pw-keyholder", false, false);
			String key = server.context().getBean(ApiKeyStore.class).create("keyholder", "limits", null).rawKey();
			var withKey = echoAs(server, "x-api-key", key);
			assertThat(codes(() -> withKey.echo(Calls.request("k")), FLOOD)).contains(Status.Code.RESOURCE_EXHAUSTED);
			assertThat(server.context()
				.getBean(MeterRegistry.class)
				.get("cfg.grpc.rate_limit.refused")
				.tag("caller", "api_key")
				.counter()
				.count()).isGreaterThanOrEqualTo(1);

			// EchoStream has a rate of its own: an anonymous caller drains it while Echo stays open to them.
			var anonymous = Calls.echo(server.channel());
			assertThat(codes(() -> anonymous.echoStream(Calls.request("s")).forEachRemaining((reply) -> {
			}), FLOOD)).contains(Status.Code.RESOURCE_EXHAUSTED);
			assertThat(anonymous.echo(Calls.request("still open")).getText()).isEqualTo("still open");
		}
	}

	@Test
	void healthChecksAreNeverLimited() {
		try (RunningServer server = RunningServer.start("cfg.grpc.rate-limit.enabled=true",
				"cfg.grpc.rate-limit.per-address=1", "cfg.grpc.rate-limit.burst=1s")) {
			var anonymous = Calls.echo(server.channel());
			assertThat(codes(() -> anonymous.echo(Calls.request("a")), FLOOD)).contains(Status.Code.RESOURCE_EXHAUSTED);
			for (int i = 0; i < 20; i++) {
				assertThat(Calls.health(server.channel(), "")).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
			}
		}
	}

	@Test
	void aFloodOfClientAddressesIsRememberedOnlyUpToTheBound() {
		try (RunningServer server = RunningServer.start("cfg.grpc.rate-limit.enabled=true",
				"cfg.grpc.rate-limit.per-address=1", "cfg.grpc.rate-limit.max-callers=100",
				"cfg.grpc.server.trusted-proxies=127.0.0.1")) {
			for (int i = 0; i < 500; i++) {
				String address = "10.1." + (i / 250) + "." + (i % 250);
				assertThat(echoAs(server, "x-forwarded-for", address).echo(Calls.request(address)).getText())
					.isEqualTo(address);
			}
			InMemoryCallerBuckets buckets = (InMemoryCallerBuckets) server.context().getBean(CallerBuckets.class);
			assertThat(buckets.callers()).isLessThanOrEqualTo(100);
		}
	}

	@Test
	void anHttpClientOverTheRateGets429AndRetryAfter() throws Exception {
		try (RunningServer server = RunningServer.startWithHttp("cfg.grpc.rate-limit.enabled=true",
				"cfg.grpc.rate-limit.per-address=1", "cfg.grpc.rate-limit.burst=1s")) {
			HttpClient http = HttpClient.newHttpClient();
			HttpRequest request = HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/cfg.test.EchoService/Echo"))
				.header("content-type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"web\"}"))
				.build();
			for (int i = 0; i < FLOOD; i++) {
				HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 429) {
					assertThat(response.headers().firstValue("retry-after")).hasValue("1");
					assertThat(response.body()).contains("\"code\":\"resource_exhausted\"").contains("Too many calls");
					assertThat(server.awaitLogRows("protocol = 'connect' AND grpc_status_code = 'RESOURCE_EXHAUSTED'"))
						.isNotEmpty();
					return;
				}
				assertThat(response.statusCode()).isEqualTo(200);
			}
			fail("no call of " + FLOOD + " was refused");
		}
	}

	private static EchoServiceGrpc.EchoServiceBlockingStub echoAs(RunningServer server, String header, String value) {
		Metadata headers = new Metadata();
		headers.put(Metadata.Key.of(header, Metadata.ASCII_STRING_MARSHALLER), value);
		return Calls.echo(server.channel()).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
	}

	/** The status codes of making a call a number of times. */
	private static List<Status.Code> codes(Runnable call, int times) {
		List<Status.Code> codes = new ArrayList<>();
		for (int i = 0; i < times; i++) {
			try {
				call.run();
				codes.add(Status.Code.OK);
			}
			catch (StatusRuntimeException ex) {
				codes.add(ex.getStatus().getCode());
			}
		}
		return codes;
	}

	private static StatusRuntimeException refusal(Runnable call) {
		for (int i = 0; i < FLOOD; i++) {
			try {
				call.run();
			}
			catch (StatusRuntimeException ex) {
				if (ex.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED) {
					return ex;
				}
				throw ex;
			}
		}
		throw new AssertionError("no call of " + FLOOD + " was refused");
	}

}
