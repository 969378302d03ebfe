package dev.cfg.grpc.service;

import dev.cfg.grpc.auth.CallPrincipal;

/**
 * A service whose every method needs a signed-in caller. cfg-grpc checks that before any method
 * of a subclass runs and ends anonymous calls with UNAUTHENTICATED "Authentication required",
 * even when {@code cfg.grpc.auth.require-auth} is off or a method is listed as public.
 */
public abstract class AuthRequiredService extends BaseService {

	/**
	 * The caller of the current call, who is always signed in here.
	 * @return the caller
	 */
	protected CallPrincipal currentUser() {
		return requireUser();
	}

}
