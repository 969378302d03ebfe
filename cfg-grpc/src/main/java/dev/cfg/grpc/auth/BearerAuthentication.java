package dev.cfg.grpc.auth;

import java.util.Optional;

import org.springframework.security.core.Authentication;

/**
 * Turns a bearer token into the same caller a gRPC call with that token would have, for HTTP
 * endpoints (the monitoring API, the admin).
 */
public final class BearerAuthentication {

	private final TokenVerifier tokens;

	private final PrincipalCache principals;

	BearerAuthentication(TokenVerifier tokens, PrincipalCache principals) {
		this.tokens = tokens;
		this.principals = principals;
	}

	/**
	 * The Spring Security authentication of a token's user.
	 * @param token an access token
	 * @return the authentication (authorities: permissions, {@code ROLE_STAFF}, {@code ROLE_SUPERUSER}),
	 * or empty for an invalid token or an unknown or inactive user
	 */
	public Optional<Authentication> authenticate(String token) {
		return this.tokens.accessTokenUser(token).flatMap(this.principals::resolve).map(AuthInterceptor::authentication);
	}

}
