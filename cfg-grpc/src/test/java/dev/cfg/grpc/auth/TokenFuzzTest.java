package dev.cfg.grpc.auth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.Test;

import dev.cfg.grpc.test.echo.CallerServiceGrpc;
import dev.cfg.grpc.test.echo.EchoReply;
import dev.cfg.grpc.testapp.Calls;
import dev.cfg.grpc.testapp.RunningServer;
import dev.cfg.grpc.testapp.Tokens;
import dev.cfg.grpc.users.UserStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ten thousand mutated and malformed tokens and headers: every one is refused with
 * UNAUTHENTICATED; none is accepted and none breaks the server (INTERNAL, UNKNOWN).
 */
class TokenFuzzTest {

	private static final int CASES = 10_000;

	private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ {}\":,";

	@Test
	void everyMutatedOrMalformedCredentialIsUnauthenticated() throws Exception {
		try (RunningServer server = RunningServer.start("cfg.grpc.auth.require-auth=true")) {
			UserStore users = server.context().getBean(UserStore.class);
			String id = String.valueOf(users.createUser("alice", "", "pw", false, false).getId());
			String valid = server.context().getBean(TokenIssuer.class).accessToken(id, Duration.ofMinutes(30));
			String refresh = server.context().getBean(TokenIssuer.class).tokens(id).refresh();
			Random random = new Random(20261124);
			Map<Status.Code, Integer> outcomes = new EnumMap<>(Status.Code.class);
			List<String> accepted = new ArrayList<>();
			for (int batch = 0; batch < CASES / 250; batch++) {
				List<ListenableFuture<EchoReply>> calls = new ArrayList<>();
				List<String> values = new ArrayList<>();
				for (int i = 0; i < 250; i++) {
					String[] header = credential(random, valid, refresh);
					values.add(header[0] + ": " + header[1]);
					Metadata metadata = new Metadata();
					metadata.put(Metadata.Key.of(header[0], Metadata.ASCII_STRING_MARSHALLER), header[1]);
					calls.add(CallerServiceGrpc.newFutureStub(server.channel())
						.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
						.withDeadlineAfter(30, TimeUnit.SECONDS)
						.whoAmI(Calls.request("")));
				}
				for (int i = 0; i < calls.size(); i++) {
					try {
						calls.get(i).get(60, TimeUnit.SECONDS);
						accepted.add(values.get(i));
						outcomes.merge(Status.Code.OK, 1, Integer::sum);
					}
					catch (java.util.concurrent.ExecutionException ex) {
						Status.Code code = ((StatusRuntimeException) ex.getCause()).getStatus().getCode();
						outcomes.merge(code, 1, Integer::sum);
					}
				}
			}
			assertThat(accepted).as("accepted credentials").isEmpty();
			assertThat(outcomes).containsOnlyKeys(Status.Code.UNAUTHENTICATED);
			assertThat(outcomes.get(Status.Code.UNAUTHENTICATED)).isEqualTo(CASES);
			// The valid token itself still works after all that.
			assertThat(AuthTest.whoAmI(Tokens.bearer(server.channel(), valid))).isEqualTo("alice|alice");
		}
	}

	/** A header name and value: a mutation of a real token, or something malformed from scratch. */
	private static String[] credential(Random random, String valid, String refresh) {
		return switch (random.nextInt(10)) {
			case 0, 1, 2 -> new String[] { "authorization", "Bearer " + flip(random, valid) };
			case 3 -> new String[] { "authorization", "Bearer " + valid.substring(0, random.nextInt(valid.length())) };
			case 4 -> new String[] { "authorization", "Bearer " + swapSegments(random, valid, refresh) };
			case 5 -> new String[] { "authorization", "Bearer " + garbage(random, 1 + random.nextInt(600)) };
			case 6 -> new String[] { "authorization", garbage(random, random.nextInt(80)) + valid };
			// Trailing spaces are trimmed, so they would leave the token valid: append something else.
			case 7 -> new String[] { "authorization", "Bearer " + valid + garbage(random, 1 + random.nextInt(20)).replace(' ', 'x') };
			case 8 -> new String[] { "x-api-key", garbage(random, 1 + random.nextInt(100)) };
			default -> new String[] { "authorization", "Bearer " + Tokens.encode(garbage(random, 30)) + "."
					+ Tokens.encode(garbage(random, 60)) + "." + garbage(random, 43) };
		};
	}

	/** Changes one character, anywhere. */
	private static String flip(Random random, String token) {
		char[] chars = token.toCharArray();
		int position = random.nextInt(chars.length);
		char replacement;
		do {
			replacement = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.".charAt(random.nextInt(65));
		}
		while (replacement == chars[position]);
		chars[position] = replacement;
		return new String(chars);
	}

	/** Puts the refresh token's payload or signature into the access token (their headers are equal). */
	private static String swapSegments(Random random, String valid, String refresh) {
		String[] a = valid.split("\\.");
		String[] b = refresh.split("\\.");
		int segment = 1 + random.nextInt(2);
		a[segment] = b[segment];
		return String.join(".", a);
	}

	private static String garbage(Random random, int length) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < length; i++) {
			text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
		}
		return text.toString();
	}

}
