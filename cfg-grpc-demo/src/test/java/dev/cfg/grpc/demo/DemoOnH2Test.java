package dev.cfg.grpc.demo;

import org.springframework.test.context.TestPropertySource;

import dev.cfg.grpc.test.CfgGrpcTest;

/** The demo on an in-memory H2 database, served on a free port. */
@CfgGrpcTest
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:demo-test;DB_CLOSE_DELAY=-1")
class DemoOnH2Test extends DemoQueriesContract {

}
