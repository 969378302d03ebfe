package dev.cfg.grpc.users;

import java.time.Instant;
import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A user of the built-in store ({@code cfg_user}), like Django's {@code auth.User}, as read at one
 * moment: flags for active, staff and superuser, groups and permissions. Change users through
 * {@link UserStore}, which keeps the per-call cache of principals up to date; a changed user is
 * read again, never changed in place.
 */
public final class UserAccount {

	private final long id;

	private final String username;

	private final String email;

	private final String passwordHash;

	private final boolean active;

	private final boolean staff;

	private final boolean superuser;

	private final Instant dateJoined;

	private final Instant lastLogin;

	private final SortedSet<String> groupNames;

	private final SortedSet<String> directPermissionNames;

	private final SortedSet<String> permissionNames;

	UserAccount(long id, String username, String email, String passwordHash, Flags flags, Instant dateJoined,
			Instant lastLogin, Set<String> groupNames, Set<String> directPermissionNames,
			Set<String> groupPermissionNames) {
		this.id = id;
		this.username = username;
		this.email = email;
		this.passwordHash = passwordHash;
		this.active = flags.active();
		this.staff = flags.staff();
		this.superuser = flags.superuser();
		this.dateJoined = dateJoined;
		this.lastLogin = lastLogin;
		this.groupNames = Collections.unmodifiableSortedSet(new TreeSet<>(groupNames));
		this.directPermissionNames = Collections.unmodifiableSortedSet(new TreeSet<>(directPermissionNames));
		TreeSet<String> all = new TreeSet<>(directPermissionNames);
		all.addAll(groupPermissionNames);
		this.permissionNames = Collections.unmodifiableSortedSet(all);
	}

	public Long getId() {
		return this.id;
	}

	public String getUsername() {
		return this.username;
	}

	public String getEmail() {
		return this.email;
	}

	public boolean isActive() {
		return this.active;
	}

	public boolean isStaff() {
		return this.staff;
	}

	public boolean isSuperuser() {
		return this.superuser;
	}

	public Instant getDateJoined() {
		return this.dateJoined;
	}

	public Instant getLastLogin() {
		return this.lastLogin;
	}

	/**
	 * The permissions the user holds directly and through groups; a superuser's are not listed
	 * here but granted anyway (see {@link dev.cfg.grpc.auth.CallPrincipal#hasPermission}).
	 * @return permission names, sorted
	 */
	public Set<String> permissionNames() {
		return this.permissionNames;
	}

	/**
	 * The permissions granted to the user directly, not through a group.
	 * @return permission names, sorted
	 */
	public Set<String> directPermissionNames() {
		return this.directPermissionNames;
	}

	/**
	 * The groups the user belongs to.
	 * @return group names, sorted
	 */
	public Set<String> groupNames() {
		return this.groupNames;
	}

	String passwordHash() {
		return this.passwordHash;
	}

	@Override
	public String toString() {
		// Never the password hash.
		return "UserAccount[id=" + this.id + ", username=" + this.username + "]";
	}

	/** The three switches of a user, in the order the table has them. */
	record Flags(boolean active, boolean staff, boolean superuser) {
	}

}
