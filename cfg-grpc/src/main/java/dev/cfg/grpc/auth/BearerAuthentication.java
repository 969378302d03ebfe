package dev.cfg.grpc.auth;

import java.util.Optional;

import org.springframework.security.core.Authentication;

import dev.cfg.grpc.auth.internal.HeaderAuthentication;

/**
 * Turns the bearer token header of an HTTP request into the same caller a gRPC call with that
 * header would have.
 */
final class BearerAuthentication implements HeaderAuthentication {

	private final BearerHeader header;

	private final TokenVerifier tokens;

	private final PrincipalCache principals;

	BearerAuthentication(BearerHeader header, TokenVerifier tokens, PrincipalCache principals) {
		this.header = header;
		this.tokens = tokens;
		this.principals = principals;
	}

	@Override
	public String headerName() {
		return this.header.name();
	}

	@Override
	public Optional<Authentication> authenticate(String headerValue) {
		String token = this.header.token(headerValue);
		if (token == null) {
			return Optional.empty();
		}
		return this.tokens.accessTokenUser(token).flatMap(this.principals::resolve).map(AuthInterceptor::authentication);
	}

}
