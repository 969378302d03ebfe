package dev.cfg.grpc.users;

import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.cfg.grpc.auth.LoginThrottledException;
import dev.cfg.grpc.auth.TokenIssuer;

/**
 * {@code POST /cfg/auth/token/} (username and password for an access and a refresh token) and
 * {@code POST /cfg/auth/token/refresh/} (a refresh token for a new access token), in the JSON
 * shapes of simplejwt. Repeated failed logins for a username or from an address get 429 with
 * {@code Retry-After}.
 */
@RestController
class TokenEndpoint {

	/** The longest username the user table holds. */
	static final int MAX_USERNAME_LENGTH = 150;

	/** Longer passwords are refused unread: bcrypt looks at 72 bytes anyway. */
	static final int MAX_PASSWORD_LENGTH = 1024;

	private final UserStore users;

	private final TokenIssuer issuer;

	private final LoginThrottle throttle;

	TokenEndpoint(UserStore users, TokenIssuer issuer, LoginThrottle throttle) {
		this.users = users;
		this.issuer = issuer;
		this.throttle = throttle;
	}

	@PostMapping(path = "/cfg/auth/token/", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> token(@RequestBody(required = false) Map<String, Object> body,
			HttpServletRequest request) {
		String username = text(body, "username");
		String password = text(body, "password");
		if (username == null || password == null) {
			return ResponseEntity.badRequest()
				.body(Map.of("detail", "Both username and password are required", "code", "invalid_request"));
		}
		if (username.length() > MAX_USERNAME_LENGTH || password.length() > MAX_PASSWORD_LENGTH) {
			return ResponseEntity.badRequest()
				.body(Map.of("detail", "username may have at most " + MAX_USERNAME_LENGTH + " characters and password "
						+ MAX_PASSWORD_LENGTH, "code", "invalid_request"));
		}
		Optional<UserAccount> user;
		try {
			// Counted before the password is checked: parallel attempts cannot exceed the limit.
			user = this.throttle.check(username, request.getRemoteAddr(),
					() -> this.users.authenticate(username, password));
		}
		catch (LoginThrottledException throttled) {
			return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
				.header(HttpHeaders.RETRY_AFTER, String.valueOf(throttled.retryAfterSeconds()))
				.body(Map.of("detail", throttled.getMessage(), "code", "throttled"));
		}
		if (user.isEmpty()) {
			return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
				.body(Map.of("detail", "No active account found with the given credentials", "code",
						"no_active_account"));
		}
		TokenIssuer.Tokens tokens = this.issuer.tokens(String.valueOf(user.get().getId()));
		return ResponseEntity.ok(Map.of("access", tokens.access(), "refresh", tokens.refresh()));
	}

	/** The same sign-in from an HTML form or {@code curl -d}, as simplejwt accepts it. */
	@PostMapping(path = "/cfg/auth/token/", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> tokenFromForm(@RequestParam MultiValueMap<String, String> form,
			HttpServletRequest request) {
		return token(Map.copyOf(form.toSingleValueMap()), request);
	}

	/** The same refresh from a form. */
	@PostMapping(path = "/cfg/auth/token/refresh/", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> refreshFromForm(@RequestParam MultiValueMap<String, String> form) {
		return refresh(Map.copyOf(form.toSingleValueMap()));
	}

	@PostMapping(path = "/cfg/auth/token/refresh/", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> refresh(@RequestBody(required = false) Map<String, Object> body) {
		String refresh = text(body, "refresh");
		if (refresh == null) {
			return ResponseEntity.badRequest().body(Map.of("detail", "refresh is required", "code", "invalid_request"));
		}
		// A refresh token outlives nothing: its user must still exist and be active.
		return this.issuer.refresh(refresh, (userId) -> isActiveUser(userId))
			.<ResponseEntity<Map<String, Object>>>map((access) -> ResponseEntity.ok(Map.of("access", access)))
			.orElseGet(() -> ResponseEntity.status(HttpStatus.UNAUTHORIZED)
				.body(Map.of("detail", "Token is invalid or expired", "code", "token_not_valid")));
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<Map<String, Object>> unreadable() {
		return ResponseEntity.badRequest().body(Map.of("detail", "The body must be a JSON object", "code", "invalid_request"));
	}

	private boolean isActiveUser(String userId) {
		try {
			return this.users.findById(Long.parseLong(userId)).filter(UserAccount::isActive).isPresent();
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	private static String text(Map<String, Object> body, String field) {
		Object value = (body != null) ? body.get(field) : null;
		return (value instanceof String text && !text.isEmpty()) ? text : null;
	}

}
