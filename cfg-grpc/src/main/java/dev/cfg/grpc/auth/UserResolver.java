package dev.cfg.grpc.auth;

import java.util.Optional;

/**
 * Turns the user id a token carries into the caller of a call. cfg-grpc's user store provides
 * one; an application with users of its own replaces it by declaring a bean of this type.
 * Results are cached for {@code cfg.grpc.auth.user-cache-ttl}.
 */
@FunctionalInterface
public interface UserResolver {

	/**
	 * Looks up a user.
	 * @param userId the id from the token's user claim
	 * @return the principal, or empty when the user is unknown or inactive (the call is then
	 * refused as carrying an invalid token)
	 */
	Optional<CallPrincipal> resolve(String userId);

	/**
	 * Looks up a user by username, for calls that prove who they are with a client certificate
	 * ({@code cfg.grpc.server.tls.client-certificate-user=cn}).
	 * @param username the certificate's common name
	 * @return the principal, or empty when the user is unknown or inactive; by default always empty
	 */
	default Optional<CallPrincipal> resolveByUsername(String username) {
		return Optional.empty();
	}

}
