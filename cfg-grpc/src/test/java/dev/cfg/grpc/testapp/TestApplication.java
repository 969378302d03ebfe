package dev.cfg.grpc.testapp;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The library's test application: scans this package only, so sub-packages need discovery. */
@SpringBootApplication
public class TestApplication {

	public static void main(String[] args) {
		dev.cfg.grpc.cli.CfgGrpcApplication.main(TestApplication.class, args);
	}

}
