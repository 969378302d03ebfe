package dev.cfg.grpc.demo;

import org.springframework.boot.test.context.SpringBootTest;

/** The demo on an in-memory H2 database, served on free ports. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:demo-test;DB_CLOSE_DELAY=-1", "cfg.grpc.server.port=0" })
class DemoOnH2Test extends DemoQueriesContract {

}
