package dev.cfg.grpc.log;

import org.junit.jupiter.api.extension.ExtendWith;

import dev.cfg.grpc.testapp.PostgresAvailable;

@ExtendWith(PostgresAvailable.class)
class CallTotalsOnPostgresTest extends CallTotalsContract {

	@Override
	int defaultWriters() {
		return 2;
	}

	@Override
	String[] databaseProperties() {
		return new String[] { "spring.datasource.url=" + PostgresAvailable.URL,
				"spring.datasource.username=" + PostgresAvailable.USER,
				"spring.datasource.password=" + PostgresAvailable.PASSWORD };
	}

}
