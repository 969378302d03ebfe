package dev.cfg.grpc.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.cfg.grpc.testapp.PostgresAvailable;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(PostgresAvailable.class)
class RequestLogOnPostgresTest extends RequestLogContract {

	@Override
	String[] databaseProperties() {
		return new String[] { "spring.datasource.url=" + PostgresAvailable.URL,
				"spring.datasource.username=" + PostgresAvailable.USER,
				"spring.datasource.password=" + PostgresAvailable.PASSWORD };
	}

	@Test
	void theWriterCopies() {
		assertThat(this.server.context().getBean(RequestLogWriter.class).writesByCopy()).isTrue();
	}

}
