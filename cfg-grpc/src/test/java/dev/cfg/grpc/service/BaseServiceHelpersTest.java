package dev.cfg.grpc.service;

import java.time.Duration;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.cfg.grpc.auth.TokenIssuer;
import dev.cfg.grpc.test.echo.CallerServiceGrpc;
import dev.cfg.grpc.testapp.Calls;
import dev.cfg.grpc.testapp.RunningServer;
import dev.cfg.grpc.testapp.Tokens;
import dev.cfg.grpc.users.UserStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link BaseService}'s check helpers answer for the caller, permissions granted through a group
 * included, and its abort helpers end calls with their status and default message.
 */
class BaseServiceHelpersTest {

	static RunningServer server;

	static UserStore users;

	static TokenIssuer issuer;

	@BeforeAll
	static void start() {
		server = RunningServer.start();
		users = server.context().getBean(UserStore.class);
		issuer = server.context().getBean(TokenIssuer.class);
		users.createUser("editor", "", "pw", false, false);
		users.addToGroup("editor", "editors");
		users.grantGroupPermission("editors", "notes.change_note");
		users.createUser("plain", "", "pw", false, false);
		users.createUser("sam", "", "pw", true, false);
		users.createUser("root", "", "pw", true, true);
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void checksAnswerForTheCallerAndGroupsGivePermissions() {
		assertThat(checks(as("editor"), "notes.change_note")).isEqualTo("true|false|false");
		assertThat(checks(as("plain"), "notes.change_note")).isEqualTo("false|false|false");
		assertThat(checks(as("sam"), "notes.change_note")).isEqualTo("false|true|false");
		assertThat(checks(as("root"), "anything.at_all")).isEqualTo("true|true|true");
		assertThat(checks(server.channel(), "notes.change_note")).as("anonymous").isEqualTo("false|false|false");
	}

	@Test
	void aGroupPermissionGrantedLaterReachesTheCallerAtOnce() {
		users.createUser("late", "", "pw", false, false);
		Channel late = as("late");
		assertThat(checks(late, "notes.view_note")).isEqualTo("false|false|false");
		users.addToGroup("late", "viewers");
		users.grantGroupPermission("viewers", "notes.view_note");
		assertThat(checks(late, "notes.view_note")).isEqualTo("true|false|false");
	}

	@Test
	void abortHelpersEndTheCallWithTheirStatusAndDefaultMessage() {
		assertAborted("already_exists", Status.Code.ALREADY_EXISTS, "Already exists");
		assertAborted("failed_precondition", Status.Code.FAILED_PRECONDITION, "Failed precondition");
		assertAborted("unimplemented", Status.Code.UNIMPLEMENTED, "Not implemented");
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> CallerServiceGrpc.newBlockingStub(server.channel()).abort(Calls.request("internal")))
			.satisfies((ex) -> assertThat(ex.getStatus().getDescription())
				.matches("Internal server error \\(request_id [0-9a-f-]{36}\\)"));
		assertAborted("not_found", Status.Code.NOT_FOUND, "Not found");
	}

	private static void assertAborted(String helper, Status.Code code, String message) {
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> CallerServiceGrpc.newBlockingStub(server.channel()).abort(Calls.request(helper)))
			.satisfies((ex) -> {
				assertThat(ex.getStatus().getCode()).as(helper).isEqualTo(code);
				assertThat(ex.getStatus().getDescription()).as(helper).isEqualTo(message);
			});
	}

	private static String checks(Channel channel, String permission) {
		return CallerServiceGrpc.newBlockingStub(channel).checks(Calls.request(permission)).getText();
	}

	private static Channel as(String username) {
		String id = String.valueOf(users.findByUsername(username).orElseThrow().getId());
		return Tokens.bearer(server.channel(), issuer.accessToken(id, Duration.ofMinutes(5)));
	}

}
