package dev.cfg.grpc.demo;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** The demo with its postgres profile, on the test database that .ci/run creates. */
@ExtendWith(PostgresAvailable.class)
@ActiveProfiles("postgres")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=" + PostgresAvailable.URL, "cfg.grpc.server.port=0" })
class DemoOnPostgresTest extends DemoQueriesContract {

}
