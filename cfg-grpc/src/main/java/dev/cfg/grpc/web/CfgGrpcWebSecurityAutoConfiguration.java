package dev.cfg.grpc.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * HTTP security for cfg-grpc's own paths, {@code /cfg/**} and {@code /actuator/**}: token
 * endpoints and health are public, everything else is for staff (HTTP Basic with a cfg-grpc
 * user). It is ordered after Spring Boot's default security, which therefore still protects the
 * application's other paths unless the application declares its own filter chains.
 */
@AutoConfiguration(afterName = {
		"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(SecurityFilterChain.class)
@ConditionalOnBooleanProperty(name = "cfg.grpc.enabled", matchIfMissing = true)
public final class CfgGrpcWebSecurityAutoConfiguration {

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE + 50)
	SecurityFilterChain cfgGrpcSecurityFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher("/cfg/**", "/actuator/**")
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers("/actuator/health", "/actuator/health/**", "/cfg/auth/token/", "/cfg/auth/token/refresh/")
				.permitAll()
				.anyRequest()
				.hasRole("STAFF"))
			// Token endpoints take credentials in the body and set no cookie: no CSRF to guard against.
			.csrf((csrf) -> csrf.ignoringRequestMatchers("/cfg/auth/token/**"))
			.httpBasic(Customizer.withDefaults());
		return http.build();
	}

}
