package dev.cfg.grpc.users;

import java.util.Optional;
import java.util.Set;

import dev.cfg.grpc.auth.CallPrincipal;
import dev.cfg.grpc.auth.UserResolver;

/** Resolves token user ids against the built-in user store; unknown and inactive users resolve to nothing. */
final class StoreUserResolver implements UserResolver {

	private final UserStore users;

	StoreUserResolver(UserStore users) {
		this.users = users;
	}

	@Override
	public Optional<CallPrincipal> resolve(String userId) {
		long id;
		try {
			id = Long.parseLong(userId);
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
		return this.users.findById(id).filter(UserAccount::isActive).map(this::principal);
	}

	@Override
	public Optional<CallPrincipal> resolveByUsername(String username) {
		return this.users.findByUsername(username).filter(UserAccount::isActive).map(this::principal);
	}

	private CallPrincipal principal(UserAccount user) {
		// A superuser holds every permission: list every one that exists, so that Spring
		// Security's hasAuthority(...) agrees with CallPrincipal.hasPermission(...).
		Set<String> permissions = user.isSuperuser() ? Set.copyOf(this.users.allPermissions()) : user.permissionNames();
		return new CallPrincipal(String.valueOf(user.getId()), user.getUsername(), user.isStaff(), user.isSuperuser(),
				permissions, null);
	}

}
