package dev.cfg.grpc.server;

import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.cfg.grpc.testapp.Calls;
import dev.cfg.grpc.testapp.RunningServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TransactionalServiceTest {

	@ParameterizedTest(name = "spring.aop.proxy-target-class={0}")
	@ValueSource(booleans = { true, false })
	void exceptionInTransactionalServiceMethodRollsBackItsWrites(boolean classBasedProxies) {
		try (RunningServer server = RunningServer.start("spring.aop.proxy-target-class=" + classBasedProxies)) {
			JdbcTemplate jdbc = server.context().getBean(JdbcTemplate.class);
			var echo = Calls.echo(server.channel());

			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> echo.echo(Calls.request("write-then-fail")));
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM echo_note", Integer.class)).isZero();

			echo.echo(Calls.request("write"));
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM echo_note", Integer.class)).isOne();
		}
	}

	@Test
	void theClientSeesOkOnlyAfterTheTransactionCommitted() {
		try (RunningServer server = RunningServer.start()) {
			JdbcTemplate jdbc = server.context().getBean(JdbcTemplate.class);
			var echo = Calls.echo(server.channel());
			for (int i = 1; i <= 50; i++) {
				echo.echo(Calls.request("write"));
				// Read on another connection right away: the write must already be committed.
				assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM echo_note", Integer.class)).isEqualTo(i);
			}
		}
	}

	@Test
	void aTransactionRolledBackAfterTheServiceEndedTheCallEndsItWithAborted() {
		try (RunningServer server = RunningServer.start()) {
			JdbcTemplate jdbc = server.context().getBean(JdbcTemplate.class);
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> Calls.echo(server.channel()).echo(Calls.request("write-then-rollback")))
				.satisfies((ex) -> {
					assertThat(ex.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.ABORTED);
					assertThat(ex.getStatus().getDescription()).isEqualTo("Transaction rolled back");
				});
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM echo_note", Integer.class)).isZero();
		}
	}

}
