package dev.cfg.grpc.ownusers;

import java.util.Optional;
import java.util.Set;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import dev.cfg.grpc.testapp.CallerGrpcService;

import dev.cfg.grpc.auth.CallPrincipal;
import dev.cfg.grpc.auth.UserResolver;

/** The test application with users of its own: a UserResolver bean replaces cfg-grpc's store. */
@SpringBootApplication
@Import(CallerGrpcService.class)
public class OwnUsersApplication {

	@Bean
	UserResolver externalUsers() {
		return (userId) -> userId.equals("ext-42")
				? Optional.of(new CallPrincipal(userId, "external-user", false, false, Set.of(), null)) : Optional.empty();
	}

}
