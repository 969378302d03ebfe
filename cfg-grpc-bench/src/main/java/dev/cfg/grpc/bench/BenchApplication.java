package dev.cfg.grpc.bench;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** The Spring Boot application of scenarios (b) to (e); what differs is its properties. */
@SpringBootApplication
public class BenchApplication {

	@Bean
	PingService pingService() {
		return new PingService();
	}

}
