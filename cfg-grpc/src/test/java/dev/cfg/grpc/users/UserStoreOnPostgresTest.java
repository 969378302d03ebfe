package dev.cfg.grpc.users;

import org.junit.jupiter.api.extension.ExtendWith;

import dev.cfg.grpc.testapp.PostgresAvailable;

@ExtendWith(PostgresAvailable.class)
class UserStoreOnPostgresTest extends UserStoreContract {

	@Override
	String[] databaseProperties() {
		return new String[] { "spring.datasource.url=" + PostgresAvailable.URL,
				"spring.datasource.username=" + PostgresAvailable.USER,
				"spring.datasource.password=" + PostgresAvailable.PASSWORD };
	}

}
