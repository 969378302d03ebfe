package dev.cfg.grpc.users;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.Table;

/**
 * A user of the built-in store ({@code cfg_user}), like Django's {@code auth.User}: a password
 * hash, flags for active, staff and superuser, groups and permissions. Change users through
 * {@link UserStore}, which keeps the per-call cache of principals up to date.
 */
@Entity
@Table(name = "cfg_user")
public class UserAccount {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false, unique = true)
	private String username;

	@Column(nullable = false)
	private String email = "";

	@Column(nullable = false)
	private String password;

	@Column(name = "is_active", nullable = false)
	private boolean active = true;

	@Column(name = "is_staff", nullable = false)
	private boolean staff;

	@Column(name = "is_superuser", nullable = false)
	private boolean superuser;

	@Column(name = "date_joined", nullable = false)
	private Instant dateJoined;

	@Column(name = "last_login")
	private Instant lastLogin;

	@ManyToMany
	@JoinTable(name = "cfg_user_groups", joinColumns = @JoinColumn(name = "user_id"),
			inverseJoinColumns = @JoinColumn(name = "group_id"))
	private Set<UserGroup> groups = new HashSet<>();

	@ManyToMany
	@JoinTable(name = "cfg_user_permissions", joinColumns = @JoinColumn(name = "user_id"),
			inverseJoinColumns = @JoinColumn(name = "permission_id"))
	private Set<Permission> permissions = new HashSet<>();

	protected UserAccount() {
	}

	UserAccount(String username, String email, String passwordHash, Instant dateJoined) {
		this.username = username;
		this.email = email;
		this.password = passwordHash;
		this.dateJoined = dateJoined;
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
		Set<String> names = new TreeSet<>();
		this.permissions.forEach((permission) -> names.add(permission.getCodename()));
		this.groups.forEach((group) -> group.permissions().forEach((p) -> names.add(p.getCodename())));
		return names;
	}

	/**
	 * The permissions granted to the user directly, not through a group.
	 * @return permission names, sorted
	 */
	public Set<String> directPermissionNames() {
		Set<String> names = new TreeSet<>();
		this.permissions.forEach((permission) -> names.add(permission.getCodename()));
		return names;
	}

	/**
	 * The groups the user belongs to.
	 * @return group names, sorted
	 */
	public Set<String> groupNames() {
		Set<String> names = new TreeSet<>();
		this.groups.forEach((group) -> names.add(group.getName()));
		return names;
	}

	String passwordHash() {
		return this.password;
	}

	void setPasswordHash(String hash) {
		this.password = hash;
	}

	void setEmail(String email) {
		this.email = email;
	}

	void setActive(boolean active) {
		this.active = active;
	}

	void setStaff(boolean staff) {
		this.staff = staff;
	}

	void setSuperuser(boolean superuser) {
		this.superuser = superuser;
	}

	void setLastLogin(Instant lastLogin) {
		this.lastLogin = lastLogin;
	}

	Set<UserGroup> groups() {
		return this.groups;
	}

	Set<Permission> permissions() {
		return this.permissions;
	}

}
