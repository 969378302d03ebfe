package dev.cfg.grpc.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpRequestResponseHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;

import dev.cfg.grpc.config.ConditionalOnCfgGrpcEnabled;
import dev.cfg.grpc.auth.internal.HeaderAuthentication;
import dev.cfg.grpc.auth.LoginThrottledException;

/**
 * HTTP security for cfg-grpc's own paths, {@code /cfg/**}, {@code /actuator/**} and the monitoring
 * API's OpenAPI document: token endpoints and health are public, everything else is for staff,
 * signed in with a bearer token (the same access tokens gRPC calls use), HTTP Basic with a
 * cfg-grpc user, or the session of the admin's sign-in. Spring Boot's default security still protects the application's other paths
 * unless the application declares its own filter chains. It goes off with the rest of cfg-grpc
 * ({@code cfg.grpc.enabled=false}), and is not there without Spring Security or a servlet web server.
 */
@AutoConfiguration(afterName = {
		"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(SecurityFilterChain.class)
@ConditionalOnCfgGrpcEnabled
public final class CfgGrpcWebSecurityAutoConfiguration {

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE + 50)
	SecurityFilterChain cfgGrpcSecurityFilterChain(HttpSecurity http, ObjectProvider<HeaderAuthentication> bearer,
			Environment environment) throws Exception {
		bearer.ifAvailable((authentication) -> http.addFilterBefore(new BearerTokenFilter(authentication),
				BasicAuthenticationFilter.class));
		// Bodies are bounded before anything reads them, signed in or not.
		http.addFilterBefore(new RequestBodyLimit(), BasicAuthenticationFilter.class);
		// The monitoring API's OpenAPI document (when springdoc is present) is for staff too.
		String monitorDocument = environment.getProperty("springdoc.api-docs.path", "/v3/api-docs") + "/cfg-grpc-monitor";
		// The compiled protos say what gRPC reflection says: open to whoever may use reflection.
		List<String> open = new ArrayList<>(
				List.of("/actuator/health", "/actuator/health/**", "/cfg/auth/token/", "/cfg/auth/token/refresh/"));
		if (environment.getProperty("spring.grpc.server.reflection.enabled", Boolean.class, true)) {
			open.add("/cfg/grpc/schema.binpb");
			open.add("/cfg/grpc/openapi.json");
			open.add("/cfg/grpc/protos.zip");
			open.add("/cfg/grpc/protos/**");
		}
		http.securityMatcher("/cfg/**", "/actuator/**", monitorDocument)
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers(open.toArray(String[]::new))
				.permitAll()
				.anyRequest()
				.hasRole("STAFF"))
			// Token endpoints take credentials in the body and set no cookie: no CSRF to guard against.
			.csrf((csrf) -> csrf.ignoringRequestMatchers("/cfg/auth/token/**"))
			// Basic answers its own failures: with the same entry point, a throttled attempt gets 429 there too.
			.httpBasic((basic) -> basic.authenticationEntryPoint(CfgGrpcWebSecurityAutoConfiguration::signInRequired))
			// Every request signs in anew (Bearer or Basic), or reads the admin's sign-in from its
			// session (so the admin's pages can call the monitoring API); no session is ever made
			// here, least of all for refused requests.
			.securityContext((context) -> context.securityContextRepository(new DelegatingSecurityContextRepository(
					new RequestAttributeSecurityContextRepository(), existingSessionsOnly())))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			// Answered here, not through the /error page, which the application's security guards.
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint(CfgGrpcWebSecurityAutoConfiguration::signInRequired)
				.accessDeniedHandler((request, response, failure) -> refuse(response, 403, "Staff only")));
		return http.build();
	}

	/** Reads a sign-in from an existing session; never writes one, so Basic cannot replace it. */
	private static SecurityContextRepository existingSessionsOnly() {
		HttpSessionSecurityContextRepository sessions = new HttpSessionSecurityContextRepository();
		sessions.setAllowSessionCreation(false);
		return new SecurityContextRepository() {

			@Override
			public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
				return sessions.loadDeferredContext(request);
			}

			@Override
			@SuppressWarnings("deprecation")
			public SecurityContext loadContext(HttpRequestResponseHolder holder) {
				return sessions.loadContext(holder);
			}

			@Override
			public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
			}

			@Override
			public boolean containsContext(HttpServletRequest request) {
				return sessions.containsContext(request);
			}

		};
	}

	private static void signInRequired(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException failure) throws IOException {
		if (failure instanceof LoginThrottledException throttled) {
			response.setHeader("Retry-After", String.valueOf(throttled.retryAfterSeconds()));
			refuse(response, 429, throttled.getMessage());
		}
		else {
			refuse(response, 401, "Sign in as staff: a Bearer access token or HTTP Basic");
		}
	}

	private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
		response.setStatus(status);
		response.setContentType("application/json");
		if (status == 401) {
			response.setHeader("WWW-Authenticate", "Bearer, Basic realm=\"cfg-grpc\"");
		}
		response.getWriter().write("{\"error\":\"" + message + "\"}");
	}

}
