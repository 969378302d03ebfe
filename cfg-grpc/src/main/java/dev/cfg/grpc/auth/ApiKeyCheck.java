package dev.cfg.grpc.auth;

import java.util.Optional;

/**
 * Checks an API key sent with a call. The API key store implements it; without one, calls with
 * only an API key are treated as carrying an invalid credential.
 */
@FunctionalInterface
public interface ApiKeyCheck {

	/**
	 * The caller an API key stands for.
	 * @param rawKey the key as the client sent it
	 * @return the key's user, or empty for an unknown, revoked or expired key or an inactive user
	 */
	Optional<CallPrincipal> verify(String rawKey);

}
