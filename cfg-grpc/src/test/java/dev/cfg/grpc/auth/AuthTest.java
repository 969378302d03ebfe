package dev.cfg.grpc.auth;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.cfg.grpc.test.echo.CallerServiceGrpc;
import dev.cfg.grpc.test.echo.EchoReply;
import dev.cfg.grpc.test.echo.PrivateServiceGrpc;
import dev.cfg.grpc.testapp.Calls;
import dev.cfg.grpc.testapp.RunningServer;
import dev.cfg.grpc.testapp.Tokens;
import dev.cfg.grpc.users.UserStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The auth interceptor's rules, row by row, on a server with require-auth on. */
class AuthTest {

	static RunningServer server;

	static TokenIssuer issuer;

	static UserStore users;

	static String aliceId;

	@BeforeAll
	static void start() {
		server = RunningServer.start("cfg.grpc.auth.require-auth=true",
				"cfg.grpc.auth.public-methods=cfg.test.CallerService/WhoAmIStream");
		issuer = server.context().getBean(TokenIssuer.class);
		users = server.context().getBean(UserStore.class);
		aliceId = String.valueOf(users.createUser("alice", "alice@example.com", "pw", false, false).getId());
		users.grantPermission("alice", "notes.add_note");
		users.createUser("bob", "", "pw", false, false);
		users.createUser("carol", "", "pw", false, false);
		users.setActive("carol", false);
		users.createUser("root", "", "pw", false, true);
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void publicMethodsNeedNoToken() {
		assertThat(Calls.health(server.channel(), "")).isEqualTo(ServingStatus.SERVING);
		EchoReply reply = CallerServiceGrpc.newBlockingStub(server.channel())
			.whoAmIStream(Calls.request(""))
			.next();
		assertThat(reply.getText()).isEqualTo("-|-");
	}

	@Test
	void aPublicMethodIdentifiesAValidCallerAndIgnoresAFailingCredential() {
		EchoReply signedIn = CallerServiceGrpc.newBlockingStub(Tokens.bearer(server.channel(), token("alice")))
			.whoAmIStream(Calls.request(""))
			.next();
		assertThat(signedIn.getText()).isEqualTo("alice|alice");
		EchoReply forged = CallerServiceGrpc.newBlockingStub(Tokens.bearer(server.channel(), "not-a-jwt"))
			.whoAmIStream(Calls.request(""))
			.next();
		assertThat(forged.getText()).as("a public method stays open, anonymously").isEqualTo("-|-");
		assertThat(Calls.health(Tokens.bearer(server.channel(), "expired-or-forged"), "")).isEqualTo(ServingStatus.SERVING);
	}

	@Test
	void reflectionIsPublicByDefault() throws Exception {
		assertThat(Calls.listServicesV1(server.channel())).contains("cfg.test.CallerService");
	}

	@Test
	void noTokenIsRefusedAsRequired() {
		assertUnauthenticated(server.channel(), "Authentication required");
	}

	@Test
	void headerWithoutThePrefixCountsAsNoToken() {
		assertUnauthenticated(Tokens.header(server.channel(), "authorization", "Token " + token("alice")),
				"Authentication required");
		assertUnauthenticated(Tokens.header(server.channel(), "authorization", "Bearer "),
				"Authentication required");
	}

	@Test
	void invalidTokenIsRefused() {
		assertUnauthenticated(Tokens.bearer(server.channel(), "not-a-jwt"), "Invalid or expired authentication token");
	}

	@Test
	void validTokenMakesItsUserTheCallerInGrpcAndSpringSecurity() {
		assertThat(whoAmI(Tokens.bearer(server.channel(), token("alice")))).isEqualTo("alice|alice");
	}

	@Test
	void theHeaderNameAndPrefixAreMatchedCaseInsensitively() {
		assertThat(whoAmI(Tokens.header(server.channel(), "Authorization", "bearer " + token("alice"))))
			.isEqualTo("alice|alice");
	}

	@Test
	void tokenMintedByAnotherProgramInSimplejwtFormatIsAccepted() {
		String token = Tokens.simplejwt(Long.parseLong(aliceId), "access", 300);
		assertThat(whoAmI(Tokens.bearer(server.channel(), token))).isEqualTo("alice|alice");
		String stringId = Tokens.simplejwt(aliceId, "access", 300);
		assertThat(whoAmI(Tokens.bearer(server.channel(), stringId))).isEqualTo("alice|alice");
	}

	@Test
	void expiredTokenIsRefused() {
		assertInvalid(Tokens.simplejwt(Long.parseLong(aliceId), "access", -10));
	}

	@Test
	void tokenNotYetValidIsRefused() {
		long now = System.currentTimeMillis() / 1000;
		assertInvalid(Tokens.sign("{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
				"{\"token_type\":\"access\",\"exp\":" + (now + 600) + ",\"nbf\":" + (now + 300) + ",\"user_id\":"
						+ aliceId + "}",
				Tokens.SECRET, "HmacSHA256"));
	}

	@Test
	void tokenSignedWithAnotherKeyIsRefused() {
		long now = System.currentTimeMillis() / 1000;
		assertInvalid(Tokens.sign("{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
				"{\"token_type\":\"access\",\"exp\":" + (now + 600) + ",\"user_id\":" + aliceId + "}",
				"another-secret-key-of-at-least-32-bytes-000000", "HmacSHA256"));
	}

	@Test
	void tokenWithAnotherAlgorithmIsRefused() {
		long now = System.currentTimeMillis() / 1000;
		String payload = "{\"token_type\":\"access\",\"exp\":" + (now + 600) + ",\"user_id\":" + aliceId + "}";
		assertInvalid(Tokens.sign("{\"alg\":\"HS512\",\"typ\":\"JWT\"}", payload,
				Tokens.SECRET + Tokens.SECRET, "HmacSHA512"));
		assertInvalid(Tokens.sign("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", payload, Tokens.SECRET, "HmacSHA384"));
	}

	@Test
	void unsignedTokenWithAlgNoneIsRefused() {
		long now = System.currentTimeMillis() / 1000;
		String payload = "{\"token_type\":\"access\",\"exp\":" + (now + 600) + ",\"user_id\":" + aliceId + "}";
		assertInvalid(Tokens.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + Tokens.encode(payload) + ".");
		assertInvalid(Tokens.encode("{\"alg\":\"none\"}") + "." + Tokens.encode(payload));
	}

	@Test
	void refreshTokenIsRefusedAsAccessToken() {
		assertInvalid(issuer.tokens(aliceId).refresh());
		assertInvalid(Tokens.simplejwt(Long.parseLong(aliceId), "refresh", 300));
	}

	@Test
	void tokenWithoutTypeOrUserIsRefused() {
		long now = System.currentTimeMillis() / 1000;
		assertInvalid(Tokens.sign("{\"alg\":\"HS256\"}", "{\"exp\":" + (now + 600) + ",\"user_id\":" + aliceId + "}",
				Tokens.SECRET, "HmacSHA256"));
		assertInvalid(Tokens.sign("{\"alg\":\"HS256\"}", "{\"token_type\":\"access\",\"exp\":" + (now + 600) + "}",
				Tokens.SECRET, "HmacSHA256"));
		assertInvalid(Tokens.sign("{\"alg\":\"HS256\"}", "{\"token_type\":\"access\",\"user_id\":" + aliceId + "}",
				Tokens.SECRET, "HmacSHA256"));
	}

	@Test
	void tokensOfInactiveUnknownAndDeletedUsersAreRefused() {
		assertInvalid(token("carol"));
		assertInvalid(issuer.accessToken("987654", Duration.ofMinutes(5)));
		assertInvalid(issuer.accessToken("not-a-number", Duration.ofMinutes(5)));
		users.createUser("dave", "", "pw", false, false);
		String dave = token("dave");
		assertThat(whoAmI(Tokens.bearer(server.channel(), dave))).isEqualTo("dave|dave");
		users.delete("dave");
		assertInvalid(dave);
	}

	@Test
	void deactivatingAUserTakesEffectOnTheNextCallDespiteTheCache() {
		users.createUser("erin", "", "pw", false, false);
		String erin = token("erin");
		assertThat(whoAmI(Tokens.bearer(server.channel(), erin))).isEqualTo("erin|erin");
		users.setActive("erin", false);
		assertInvalid(erin);
	}

	@Test
	void preAuthorizeChecksPermissionsOfTheCaller() {
		assertThat(CallerServiceGrpc.newBlockingStub(Tokens.bearer(server.channel(), token("alice")))
			.addNote(Calls.request(""))
			.getText()).isEqualTo("added by alice");
		assertThat(CallerServiceGrpc.newBlockingStub(Tokens.bearer(server.channel(), token("root")))
			.addNote(Calls.request(""))
			.getText()).isEqualTo("added by root");
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> CallerServiceGrpc.newBlockingStub(Tokens.bearer(server.channel(), token("bob")))
				.addNote(Calls.request("")))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
	}

	@Test
	void requireStaffRefusesOthersWithTheReferenceMessage() {
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> CallerServiceGrpc.newBlockingStub(Tokens.bearer(server.channel(), token("alice")))
				.staffOnly(Calls.request("")))
			.satisfies((ex) -> {
				assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
				assertThat(ex.getStatus().getDescription()).isEqualTo("Staff access required");
			});
		assertThat(CallerServiceGrpc.newBlockingStub(Tokens.bearer(server.channel(), token("root")))
			.staffOnly(Calls.request(""))
			.getText()).isEqualTo("hello staff root");
	}

	@Test
	void authRequiredServiceGetsTheCaller() {
		assertThat(PrivateServiceGrpc.newBlockingStub(Tokens.bearer(server.channel(), token("bob")))
			.secret(Calls.request(""))
			.getText()).isEqualTo("secret for bob");
	}

	@Test
	void baseServiceReadsHeadersAndThePeerAndAddsTrailers() {
		java.util.concurrent.atomic.AtomicReference<io.grpc.Metadata> trailers = new java.util.concurrent.atomic.AtomicReference<>();
		Channel channel = Tokens.header(Tokens.bearer(server.channel(), token("alice")), "x-client", "tests");
		EchoReply reply = CallerServiceGrpc.newBlockingStub(channel)
			.withInterceptors(io.grpc.stub.MetadataUtils.newCaptureMetadataInterceptor(
					new java.util.concurrent.atomic.AtomicReference<>(), trailers))
			.callDetails(Calls.request(""));
		assertThat(reply.getText()).startsWith("tests|/127.0.0.1:");
		assertThat(trailers.get().get(io.grpc.Metadata.Key.of("x-served-by", io.grpc.Metadata.ASCII_STRING_MARSHALLER)))
			.isEqualTo("caller-service");
	}

	private static String token(String username) {
		return issuer.accessToken(String.valueOf(users.findByUsername(username).orElseThrow().getId()),
				Duration.ofMinutes(5));
	}

	static String whoAmI(Channel channel) {
		return CallerServiceGrpc.newBlockingStub(channel)
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.whoAmI(Calls.request(""))
			.getText();
	}

	private static void assertInvalid(String token) {
		assertUnauthenticated(Tokens.bearer(server.channel(), token), "Invalid or expired authentication token");
	}

	static void assertUnauthenticated(Channel channel, String message) {
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> whoAmI(channel)).satisfies((ex) -> {
			assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
			assertThat(ex.getStatus().getDescription()).isEqualTo(message);
		});
	}

}
