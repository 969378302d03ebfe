package dev.cfg.grpc.auth;

import java.time.Duration;

import org.springframework.security.core.AuthenticationException;

/**
 * A password was not checked because the username or the client address has had too many
 * attempts lately. HTTP answers it with 429 and {@code Retry-After}.
 */
public final class LoginThrottledException extends AuthenticationException {

	private final Duration retryAfter;

	/**
	 * @param retryAfter how long until the next attempt is admitted
	 */
	public LoginThrottledException(Duration retryAfter) {
		super("Too many failed logins");
		this.retryAfter = retryAfter;
	}

	/**
	 * How long until the next attempt is admitted.
	 * @return the wait
	 */
	public Duration retryAfter() {
		return this.retryAfter;
	}

	/**
	 * The wait in whole seconds, at least one, as {@code Retry-After} states it.
	 * @return seconds
	 */
	public long retryAfterSeconds() {
		return Math.max(1, (this.retryAfter.toMillis() + 999) / 1000);
	}

	/**
	 * The message an HTTP answer gives for it.
	 * @return for example "Too many failed logins. Try again in 42 seconds."
	 */
	@Override
	public String getMessage() {
		return "Too many failed logins. Try again in " + retryAfterSeconds() + " seconds.";
	}

}
