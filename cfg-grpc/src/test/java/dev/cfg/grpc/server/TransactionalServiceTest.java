package dev.cfg.grpc.server;

import io.grpc.StatusRuntimeException;
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

}
