package dev.cfg.grpc.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * A test of the application's gRPC services: starts the application (its {@code @SpringBootApplication}
 * found as {@code @SpringBootTest} finds it) with the gRPC server on a free port of the loopback
 * interface and the whole pipeline (auth, validation, guards, request log), and gives the test
 * {@link GrpcTestClient}, {@link TestUsers} and {@link RequestLogAssertions} to inject. Log
 * assertions only look at calls made since the current test method started.
 * <p>
 * The server listens on a real port rather than in-process so that calls take the same path as in
 * production: the transport's size limits, client addresses and malformed-request handling are
 * part of what is tested. Other settings go in {@code @TestPropertySource}; the database is the
 * application's, so an in-memory one (H2) keeps tests apart.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(properties = { "cfg.grpc.server.port=0", "cfg.grpc.server.host=127.0.0.1" })
@Import(CfgGrpcTestConfiguration.class)
@ExtendWith(CfgGrpcTestExtension.class)
public @interface CfgGrpcTest {

}
