package dev.cfg.grpc.client.frontapp;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A second application for the client tests: it serves one service that calls the test
 * application through a configured channel, as one service of a fleet calls another.
 */
@SpringBootApplication
public class FrontApplication {

}
