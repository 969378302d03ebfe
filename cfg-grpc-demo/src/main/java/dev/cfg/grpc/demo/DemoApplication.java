package dev.cfg.grpc.demo;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

import dev.cfg.grpc.cli.CfgGrpcApplication;

/** The demo: users and products served over gRPC, on H2 by default or PostgreSQL. */
@SpringBootApplication
public class DemoApplication {

	public static void main(String[] args) {
		CfgGrpcApplication.main(DemoApplication.class, args);
	}

	/** The landing page is open to everyone: it only sends browsers on to the admin's sign-in. */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE + 60)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	SecurityFilterChain demoLandingSecurity(HttpSecurity http) throws Exception {
		return http.securityMatcher("/")
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.build();
	}

	/** Serves the H2 file database to commands run beside the server (not used on PostgreSQL). */
	@Bean
	@Conditional(OnH2FileDatabase.class)
	DemoDatabaseServer demoDatabaseServer(Environment environment) {
		return new DemoDatabaseServer(
				DemoDatabaseServer.fileDatabase(environment.getProperty(DemoDatabaseSharing.URL)));
	}

	static final class OnH2FileDatabase implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return DemoDatabaseServer.fileDatabase(context.getEnvironment().getProperty(DemoDatabaseSharing.URL)) != null;
		}

	}

}
