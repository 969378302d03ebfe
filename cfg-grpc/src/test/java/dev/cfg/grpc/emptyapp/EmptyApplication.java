package dev.cfg.grpc.emptyapp;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** An application without gRPC services. */
@SpringBootApplication
public class EmptyApplication {

}
