package dev.cfg.grpc.test;

import java.time.Duration;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.cfg.grpc.log.RequestLogRecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The test kit, tested by using it the way an application's tests do. */
@CfgGrpcTest
class CfgGrpcTestTest {

	private static final HealthCheckRequest SHOP = HealthCheckRequest.newBuilder().setService("shop").build();

	@Autowired
	private GrpcTestClient grpc;

	@Autowired
	private TestUsers users;

	@Autowired
	private RequestLogAssertions log;

	@Test
	void callsAsAUserAreLoggedAsThatUser() {
		this.users.user("bob", "shop.view_stock");
		HealthCheckResponse answer = this.grpc.asUser("bob").stub(HealthGrpc::newBlockingStub).check(SHOP);
		assertThat(answer.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
		RequestLogRecord call = this.log.assertThatRequestLog()
			.hasCall("grpc.health.v1.Health/Check")
			.withStatus(Status.Code.OK)
			.byUser("bob")
			.record();
		assertThat(call.traceId()).as("tests trace their calls too").matches("[0-9a-f]{32}");
	}

	@Test
	void callsWithAnApiKeyAndAnonymousCallsAreLoggedAsSuch() {
		String key = this.users.apiKey("carol");
		this.grpc.asApiKey(key).stub(HealthGrpc::newBlockingStub).check(SHOP);
		this.grpc.anonymous().stub(HealthGrpc::newBlockingStub).check(SHOP);
		RequestLogAssert calls = this.log.assertThatRequestLog();
		assertThat(calls.hasCall("grpc.health.v1.Health/Check").byUser("carol").record().apiKeyPrefix())
			.isEqualTo(key.substring(0, 8));
		calls.hasCall("grpc.health.v1.Health/Check").anonymous();
	}

	@Test
	void errorsAreLoggedWithTheirStatusAndMessage() {
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> this.grpc.anonymous()
			.stub(HealthGrpc::newBlockingStub)
			.check(HealthCheckRequest.newBuilder().setService("warehouse").build()));
		this.log.assertThatRequestLog()
			.hasCall("grpc.health.v1.Health/Check")
			.withStatus(Status.Code.NOT_FOUND)
			.withErrorMessage("Unknown service")
			.anonymous();
	}

	@Test
	void aCallThatIsNotThereFailsTheAssertionSayingWhatWasFound() {
		this.users.user("dave");
		this.grpc.asUser("dave").stub(HealthGrpc::newBlockingStub).check(SHOP);
		RequestLogAssert calls = this.log.assertThatRequestLog(Duration.ofSeconds(1));
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> calls.hasCall("grpc.health.v1.Health/Check").byUser("erin"))
			.withMessageStartingWith(
					"Expected the request log to have a call to grpc.health.v1.Health/Check by user erin since the test started")
			.withMessageContaining("1 other call(s) to it: OK by dave");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> calls.hasCall("shop.Orders/Create"))
			.withMessageEndingWith("it has no call to that method");
	}

	@Test
	void aTokenOfTheTestsChoosingIsSentAsItIs() {
		// Health checks stay open to a caller whose token fails: the call is served, anonymously.
		this.grpc.withToken("not-a-token").stub(HealthGrpc::newBlockingStub).check(SHOP);
		assertThat(this.log.assertThatRequestLog()
			.hasCall("grpc.health.v1.Health/Check")
			.withStatus(Status.Code.OK)
			.anonymous()
			.record()
			.authenticated()).isFalse();
	}

}
