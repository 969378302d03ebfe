package dev.cfg.grpc.auth.internal;

import java.util.Optional;

import org.springframework.security.core.Authentication;

/**
 * Signs an HTTP request in from the same bearer token header a gRPC call carries, read the same
 * way, for cfg-grpc's HTTP endpoints (the monitoring API, the admin). One bean, made by the auth
 * auto-configuration.
 */
public interface HeaderAuthentication {

	/**
	 * The header the token travels in.
	 * @return {@code cfg.grpc.auth.token-header}, {@code authorization} by default
	 */
	String headerName();

	/**
	 * The Spring Security authentication of the token's user.
	 * @param headerValue the header's value, or null
	 * @return the authentication (authorities: permissions, {@code ROLE_STAFF}, {@code ROLE_SUPERUSER}),
	 * or empty for a missing or malformed header, an invalid token, or an unknown or inactive user
	 */
	Optional<Authentication> authenticate(String headerValue);

}
