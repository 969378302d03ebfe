package dev.cfg.grpc.demo;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

import dev.cfg.grpc.test.CfgGrpcTest;

/** The demo with its postgres profile, on the test database that .ci/run creates. */
@ExtendWith(PostgresAvailable.class)
@ActiveProfiles("postgres")
@CfgGrpcTest
@TestPropertySource(properties = "spring.datasource.url=" + PostgresAvailable.URL)
class DemoOnPostgresTest extends DemoQueriesContract {

}
