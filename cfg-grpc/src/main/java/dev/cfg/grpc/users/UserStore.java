package dev.cfg.grpc.users;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.EntityManager;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.cfg.grpc.auth.UserChangedEvent;

/**
 * The built-in user store, like Django's auth app: creates and changes users, groups and
 * permissions, and checks passwords. Passwords are kept only as hashes from the
 * {@link PasswordEncoder}. Every change tells the auth cache, so the next call of that user sees
 * it.
 */
public final class UserStore {

	private final EntityManager entityManager;

	private final TransactionTemplate transactions;

	private final TransactionTemplate readOnly;

	private final PasswordEncoder passwords;

	private volatile String unknownUserHash;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	UserStore(EntityManager entityManager, TransactionTemplate transactions, PasswordEncoder passwords,
			ApplicationEventPublisher events, Clock clock) {
		this.entityManager = entityManager;
		this.transactions = transactions;
		this.readOnly = new TransactionTemplate(transactions.getTransactionManager());
		this.readOnly.setReadOnly(true);
		this.passwords = passwords;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Creates a user.
	 * @param username unique name
	 * @param email email address, may be empty
	 * @param rawPassword the password, stored only as a hash
	 * @param staff whether the user is staff
	 * @param superuser whether the user holds every permission
	 * @return the new user
	 * @throws IllegalArgumentException when the name is taken or blank
	 */
	public UserAccount createUser(String username, String email, String rawPassword, boolean staff, boolean superuser) {
		if (username == null || username.isBlank()) {
			throw new IllegalArgumentException("A username is required");
		}
		if (rawPassword == null || rawPassword.isEmpty()) {
			throw new IllegalArgumentException("A password is required");
		}
		return this.transactions.execute((status) -> {
			if (find(username).isPresent()) {
				throw new IllegalArgumentException("User '" + username + "' exists already");
			}
			UserAccount user = new UserAccount(username.strip(), (email != null) ? email.strip() : "",
					this.passwords.encode(rawPassword), this.clock.instant());
			user.setStaff(staff || superuser);
			user.setSuperuser(superuser);
			this.entityManager.persist(user);
			return user;
		});
	}

	/**
	 * Looks a user up by name.
	 * @param username the name
	 * @return the user with groups and permissions loaded, or empty
	 */
	public Optional<UserAccount> findByUsername(String username) {
		return this.readOnly.execute((status) -> find(username).map(UserStore::loaded));
	}

	/**
	 * Looks a user up by id.
	 * @param id the id
	 * @return the user with groups and permissions loaded, or empty
	 */
	public Optional<UserAccount> findById(long id) {
		return this.readOnly.execute((status) -> Optional.ofNullable(this.entityManager.find(UserAccount.class, id))
			.map(UserStore::loaded));
	}

	/**
	 * Every user, ordered by id.
	 * @return the users
	 */
	public List<UserAccount> findAll() {
		return this.readOnly.execute((status) -> this.entityManager
			.createQuery("select u from UserAccount u order by u.id", UserAccount.class)
			.getResultList()
			.stream()
			.map(UserStore::loaded)
			.toList());
	}

	/**
	 * Checks a user's password.
	 * @param username the name
	 * @param rawPassword the password given
	 * @return the user when active and the password matches, else empty
	 */
	public Optional<UserAccount> authenticate(String username, String rawPassword) {
		Optional<UserAccount> user = findByUsername(username);
		if (user.isEmpty() || rawPassword == null) {
			// As much work as for a wrong password, so the time taken does not tell which usernames exist.
			this.passwords.matches((rawPassword != null) ? rawPassword : "", unknownUserHash());
			return Optional.empty();
		}
		if (!this.passwords.matches(rawPassword, user.get().passwordHash()) || !user.get().isActive()) {
			return Optional.empty();
		}
		change(username, (account) -> account.setLastLogin(this.clock.instant()));
		return user;
	}

	/** A hash of no one's password, made once with the same encoder as real ones. */
	private String unknownUserHash() {
		String hash = this.unknownUserHash;
		if (hash == null) {
			hash = this.passwords.encode(java.util.UUID.randomUUID().toString());
			this.unknownUserHash = hash;
		}
		return hash;
	}

	/**
	 * Grants a permission to a user, creating the permission if it is new.
	 * @param username the user
	 * @param permission {@code app.codename}
	 */
	public void grantPermission(String username, String permission) {
		change(username, (user) -> user.permissions().add(permission(permission)));
	}

	/**
	 * Adds a user to a group, creating the group if it is new.
	 * @param username the user
	 * @param group the group's name
	 */
	public void addToGroup(String username, String group) {
		change(username, (user) -> user.groups().add(group(group)));
	}

	/**
	 * Grants a permission to every member of a group.
	 * @param group the group's name, created if new
	 * @param permission {@code app.codename}, created if new
	 */
	public void grantGroupPermission(String group, String permission) {
		List<Long> members = this.transactions.execute((status) -> {
			group(group).permissions().add(permission(permission));
			return this.entityManager
				.createQuery("select u.id from UserAccount u join u.groups g where g.name = :name", Long.class)
				.setParameter("name", group)
				.getResultList();
		});
		members.forEach((id) -> changed(id));
	}

	/**
	 * Turns a user on or off; an inactive user's tokens and keys stop working.
	 * @param username the user
	 * @param active the new state
	 */
	public void setActive(String username, boolean active) {
		change(username, (user) -> user.setActive(active));
	}

	/**
	 * Changes a user's password.
	 * @param username the user
	 * @param rawPassword the new password, stored only as a hash
	 */
	public void setPassword(String username, String rawPassword) {
		change(username, (user) -> user.setPasswordHash(this.passwords.encode(rawPassword)));
	}

	/**
	 * Sets a user's staff and superuser flags; a superuser is always staff.
	 * @param username the user
	 * @param staff whether the user is staff
	 * @param superuser whether the user holds every permission
	 */
	public void setRoles(String username, boolean staff, boolean superuser) {
		change(username, (user) -> {
			user.setStaff(staff || superuser);
			user.setSuperuser(superuser);
		});
	}

	/**
	 * Takes a permission granted to the user directly away (permissions from groups stay).
	 * @param username the user
	 * @param permission {@code app.codename}
	 */
	public void revokePermission(String username, String permission) {
		change(username, (user) -> user.permissions().removeIf((granted) -> granted.getCodename().equals(permission)));
	}

	/**
	 * Takes a user out of a group.
	 * @param username the user
	 * @param group the group's name
	 */
	public void removeFromGroup(String username, String group) {
		change(username, (user) -> user.groups().removeIf((member) -> member.getName().equals(group)));
	}

	/**
	 * Deletes a user; their tokens stop working.
	 * @param username the user
	 */
	public void delete(String username) {
		Long id = this.transactions.execute((status) -> {
			UserAccount user = find(username).orElseThrow(() -> unknown(username));
			this.entityManager.remove(user);
			return user.getId();
		});
		changed(id);
	}

	/**
	 * A user's password hash, for Spring Security's login forms; never shown to anyone.
	 * @param user the user
	 * @return the hash, with its {@code {id}} prefix
	 */
	public String passwordHash(UserAccount user) {
		return user.passwordHash();
	}

	/**
	 * Every permission name that exists.
	 * @return names, sorted
	 */
	public List<String> allPermissions() {
		return this.readOnly.execute((status) -> this.entityManager
			.createQuery("select p.codename from Permission p order by p.codename", String.class)
			.getResultList());
	}

	private void change(String username, java.util.function.Consumer<UserAccount> change) {
		Long id = this.transactions.execute((status) -> {
			UserAccount user = find(username).orElseThrow(() -> unknown(username));
			change.accept(user);
			return user.getId();
		});
		changed(id);
	}

	private void changed(Long id) {
		UserChangedEvent event = new UserChangedEvent(String.valueOf(id));
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					UserStore.this.events.publishEvent(event);
				}
			});
		}
		else {
			this.events.publishEvent(event);
		}
	}

	private Optional<UserAccount> find(String username) {
		return this.entityManager.createQuery("select u from UserAccount u where u.username = :name", UserAccount.class)
			.setParameter("name", username)
			.getResultStream()
			.findFirst();
	}

	private Permission permission(String codename) {
		if (codename == null || !codename.matches("[A-Za-z0-9_]+\\.[A-Za-z0-9_]+")) {
			throw new IllegalArgumentException("A permission is 'app.codename', for example 'orders.add_order': " + codename);
		}
		return this.entityManager.createQuery("select p from Permission p where p.codename = :c", Permission.class)
			.setParameter("c", codename)
			.getResultStream()
			.findFirst()
			.orElseGet(() -> {
				Permission permission = new Permission(codename);
				this.entityManager.persist(permission);
				return permission;
			});
	}

	private UserGroup group(String name) {
		return this.entityManager.createQuery("select g from UserGroup g where g.name = :n", UserGroup.class)
			.setParameter("n", name)
			.getResultStream()
			.findFirst()
			.orElseGet(() -> {
				UserGroup group = new UserGroup(name);
				this.entityManager.persist(group);
				return group;
			});
	}

	private static UserAccount loaded(UserAccount user) {
		user.permissionNames();
		user.groupNames();
		return user;
	}

	private static IllegalArgumentException unknown(String username) {
		return new IllegalArgumentException("No user named '" + username + "'");
	}

}
