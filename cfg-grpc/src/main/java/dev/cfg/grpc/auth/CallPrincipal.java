package dev.cfg.grpc.auth;

import java.security.Principal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import dev.cfg.grpc.pipeline.CallerIdentity;

/**
 * The caller of one gRPC call: who signed in, with which flags and permissions. Immutable and
 * valid for that call only; read it with {@link CurrentCaller} or the helpers of
 * {@link dev.cfg.grpc.service.BaseService}.
 *
 * @param id the user's id, as the token's user claim carries it
 * @param username the user's name
 * @param staff whether the user may use staff-only features
 * @param superuser whether the user holds every permission
 * @param permissions the permissions the user holds, as {@code app.codename}
 * @param apiKeyPrefix the prefix of the API key the call came with, or null for a token
 */
public record CallPrincipal(String id, String username, boolean staff, boolean superuser, Set<String> permissions,
		String apiKeyPrefix) implements Principal, CallerIdentity {

	public CallPrincipal {
		permissions = Set.copyOf(permissions);
	}

	/**
	 * The user's name, which Spring Security reports as the authentication's name.
	 * @return the username
	 */
	@Override
	public String getName() {
		return this.username;
	}

	/**
	 * Whether the user holds a permission; a superuser holds every one.
	 * @param permission for example {@code orders.add_order}
	 * @return true when held
	 */
	public boolean hasPermission(String permission) {
		return this.superuser || this.permissions.contains(permission);
	}

	/**
	 * The Spring Security authorities of a user: each permission ({@code app.codename}), plus
	 * {@code ROLE_STAFF} for staff and {@code ROLE_SUPERUSER} for superusers, so that
	 * {@code hasAuthority('orders.add_order')} and {@code hasRole('STAFF')} both work.
	 * @param permissions the user's permissions
	 * @param staff whether the user is staff
	 * @param superuser whether the user is a superuser
	 * @return the authority names
	 */
	public static List<String> authorities(Collection<String> permissions, boolean staff, boolean superuser) {
		List<String> authorities = new ArrayList<>(permissions);
		if (staff) {
			authorities.add("ROLE_STAFF");
		}
		if (superuser) {
			authorities.add("ROLE_SUPERUSER");
		}
		return List.copyOf(authorities);
	}

	/**
	 * The same principal, marked as having come with an API key.
	 * @param prefix the key's public prefix
	 * @return a copy with {@link #apiKeyPrefix()} set
	 */
	public CallPrincipal withApiKey(String prefix) {
		return new CallPrincipal(this.id, this.username, this.staff, this.superuser, this.permissions, prefix);
	}

}
