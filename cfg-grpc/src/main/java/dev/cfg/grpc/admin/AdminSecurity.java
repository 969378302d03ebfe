package dev.cfg.grpc.admin;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

import dev.cfg.grpc.auth.LoginThrottledException;

/**
 * Who may see the admin, and how they sign in: a form at {@code <path>/login} checked by the same
 * throttled password check as the token endpoint and HTTP Basic; staff only, users for superusers
 * only; a session whose id changes at sign-in; CSRF tokens on every form; a Content-Security-Policy
 * that runs no inline script and lets no other site frame the pages.
 */
final class AdminSecurity {

	/** Scripts and styles from the admin's own assets only; data: images for Chart.js. */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
			+ "frame-ancestors 'none'";

	private AdminSecurity() {
	}

	static SecurityFilterChain filterChain(HttpSecurity http, String path) throws Exception {
		http.securityMatcher(path, path + "/**")
			.authorizeHttpRequests((requests) -> requests.requestMatchers(path + "/login", path + "/assets/**")
				.permitAll()
				.requestMatchers(path + "/users", path + "/users/**")
				.hasRole("SUPERUSER")
				.anyRequest()
				.hasRole("STAFF"))
			.formLogin((form) -> form.loginPage(path + "/login")
				.loginProcessingUrl(path + "/login")
				.successHandler((request, response, authentication) -> signedIn(request, response, authentication, path))
				.failureHandler((request, response, failure) -> refused(request, response, failure, path)))
			.logout((logout) -> logout.logoutUrl(path + "/logout").logoutSuccessUrl(path + "/login?signed-out"))
			.exceptionHandling((exceptions) -> exceptions.accessDeniedPage(path + "/denied"))
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.frameOptions((frames) -> frames.deny())
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
		return http.build();
	}

	/** A user who is not staff is signed out again at once, with a page that says why. */
	private static void signedIn(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication, String path) throws IOException {
		boolean staff = authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.anyMatch("ROLE_STAFF"::equals);
		if (!staff) {
			SecurityContextHolder.clearContext();
			HttpSession session = request.getSession(false);
			if (session != null) {
				session.invalidate();
			}
			response.sendRedirect(path + "/login?not-staff");
			return;
		}
		response.sendRedirect(path + "/");
	}

	private static void refused(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException failure, String path) throws IOException {
		if (failure instanceof LoginThrottledException throttled) {
			response.sendRedirect(path + "/login?throttled=" + throttled.retryAfterSeconds());
		}
		else {
			response.sendRedirect(path + "/login?error");
		}
	}

}
