package dev.cfg.grpc.service;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.cfg.grpc.test.echo.NotesServiceGrpc;
import dev.cfg.grpc.testapp.Calls;
import dev.cfg.grpc.testapp.RunningServer;
import dev.cfg.grpc.users.UserStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** A ReadOnlyService reads, and every kind of write it tries is refused and changes nothing. */
abstract class ReadOnlyServiceContract {

	private RunningServer server;

	private JdbcTemplate jdbc;

	private UserStore users;

	abstract String[] databaseProperties();

	@BeforeEach
	void start() {
		this.server = RunningServer.start(databaseProperties());
		this.jdbc = this.server.context().getBean(JdbcTemplate.class);
		this.users = this.server.context().getBean(UserStore.class);
		this.jdbc.update("DELETE FROM echo_note");
		this.jdbc.update("INSERT INTO echo_note (text) VALUES ('one'), ('two')");
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void readsWork() {
		assertThat(notes().count(Calls.request("")).getText()).isEqualTo("2");
	}

	@Test
	void aJdbcWriteIsRefusedAndChangesNothing() {
		assertReadOnly(() -> notes().writeWithJdbc(Calls.request("three")));
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM echo_note", Integer.class)).isEqualTo(2);
	}

	@Test
	void aJpaInsertIsRefusedAndChangesNothing() {
		assertReadOnly(() -> notes().writeWithJpa(Calls.request("mallory")));
		assertThat(this.users.findByUsername("mallory")).isEmpty();
	}

	@Test
	void aJpaChangeToALoadedEntityIsRefusedAndChangesNothing() {
		String name = "frank" + System.nanoTime();
		this.users.createUser(name, "", "pw", false, false);
		assertReadOnly(() -> notes().changeWithJpa(Calls.request(name)));
		assertThat(this.users.findByUsername(name).orElseThrow().isActive()).isTrue();
	}

	@Test
	void writesOutsideReadOnlyServicesStillWork() {
		Calls.echo(this.server.channel()).echo(Calls.request("write"));
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM echo_note", Integer.class)).isEqualTo(3);
	}

	private NotesServiceGrpc.NotesServiceBlockingStub notes() {
		return NotesServiceGrpc.newBlockingStub(this.server.channel());
	}

	private static void assertReadOnly(Runnable call) {
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(call::run).satisfies((ex) -> {
			assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
			assertThat(ex.getStatus().getDescription()).isEqualTo("Read-only service");
		});
	}

}
