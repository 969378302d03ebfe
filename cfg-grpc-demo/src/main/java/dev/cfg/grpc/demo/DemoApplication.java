package dev.cfg.grpc.demo;

import org.springframework.boot.autoconfigure.SpringBootApplication;

import dev.cfg.grpc.cli.CfgGrpcApplication;

/** The demo: users and products served over gRPC, on H2 by default or PostgreSQL. */
@SpringBootApplication
public class DemoApplication {

	public static void main(String[] args) {
		CfgGrpcApplication.main(DemoApplication.class, args);
	}

}
