package dev.cfg.grpc.users;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.cfg.grpc.auth.UserChangedEvent;

/**
 * The built-in user store, like Django's auth app: creates and changes users, groups and
 * permissions, and checks passwords. It is the one door to the tables {@code cfg_user},
 * {@code cfg_group}, {@code cfg_permission} and their joins, in plain JDBC, so it needs a data
 * source but no JPA, and a command that only looks a user up starts quickly. Passwords are kept
 * only as hashes from the {@link PasswordEncoder}. Every change tells the auth cache, so the next
 * call of that user sees it.
 */
public final class UserStore {

	private static final String USER_COLUMNS = "u.id, u.username, u.email, u.password, u.is_active, u.is_staff, "
			+ "u.is_superuser, u.date_joined, u.last_login";

	/** Every group and permission of the selected users, each row tagged with what it is. */
	private static final String MEMBERSHIPS = "select ug.user_id, 'group', g.name from cfg_user_groups ug"
			+ " join cfg_group g on g.id = ug.group_id where ug.user_id in (select u.id from cfg_user u where %1$s)"
			+ " union all select up.user_id, 'direct', p.codename from cfg_user_permissions up"
			+ " join cfg_permission p on p.id = up.permission_id"
			+ " where up.user_id in (select u.id from cfg_user u where %1$s)"
			+ " union all select ug.user_id, 'through-group', p.codename from cfg_user_groups ug"
			+ " join cfg_group_permissions gp on gp.group_id = ug.group_id"
			+ " join cfg_permission p on p.id = gp.permission_id"
			+ " where ug.user_id in (select u.id from cfg_user u where %1$s)";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final TransactionTemplate readOnly;

	private final PasswordEncoder passwords;

	private volatile String unknownUserHash;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	UserStore(JdbcTemplate jdbc, TransactionTemplate transactions, PasswordEncoder passwords,
			ApplicationEventPublisher events, Clock clock) {
		this.jdbc = jdbc;
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
		String name = username.strip();
		String hash = this.passwords.encode(rawPassword);
		try {
			return this.transactions.execute((status) -> {
				if (idOf(name).isPresent()) {
					throw exists(name);
				}
				long id = insert("insert into cfg_user (username, email, password, is_active, is_staff, is_superuser,"
						+ " date_joined) values (?, ?, ?, ?, ?, ?, ?)", name, (email != null) ? email.strip() : "", hash,
						true, staff || superuser, superuser, Timestamp.from(this.clock.instant()));
				return read("u.id = ?", id).get(0);
			});
		}
		catch (DuplicateKeyException ex) {
			// Created by someone else between the check and the insert.
			throw exists(name);
		}
	}

	/**
	 * Looks a user up by name.
	 * @param username the name
	 * @return the user with groups and permissions, or empty
	 */
	public Optional<UserAccount> findByUsername(String username) {
		return this.readOnly.execute((status) -> read("u.username = ?", username).stream().findFirst());
	}

	/**
	 * Looks a user up by id.
	 * @param id the id
	 * @return the user with groups and permissions, or empty
	 */
	public Optional<UserAccount> findById(long id) {
		return this.readOnly.execute((status) -> read("u.id = ?", id).stream().findFirst());
	}

	/**
	 * Every user, ordered by id.
	 * @return the users
	 */
	public List<UserAccount> findAll() {
		return this.readOnly.execute((status) -> read("1 = 1"));
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
		change(username, (id) -> this.jdbc.update("update cfg_user set last_login = ? where id = ?",
				Timestamp.from(this.clock.instant()), id));
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
		change(username, (id) -> link("cfg_user_permissions", "user_id", id, "permission_id", permissionId(permission)));
	}

	/**
	 * Adds a user to a group, creating the group if it is new.
	 * @param username the user
	 * @param group the group's name
	 */
	public void addToGroup(String username, String group) {
		change(username, (id) -> link("cfg_user_groups", "user_id", id, "group_id", groupId(group)));
	}

	/**
	 * Grants a permission to every member of a group.
	 * @param group the group's name, created if new
	 * @param permission {@code app.codename}, created if new
	 */
	public void grantGroupPermission(String group, String permission) {
		List<Long> members = this.transactions.execute((status) -> {
			long groupId = groupId(group);
			link("cfg_group_permissions", "group_id", groupId, "permission_id", permissionId(permission));
			return this.jdbc.queryForList("select user_id from cfg_user_groups where group_id = ?", Long.class, groupId);
		});
		members.forEach(this::changed);
	}

	/**
	 * Turns a user on or off; an inactive user's tokens and keys stop working.
	 * @param username the user
	 * @param active the new state
	 */
	public void setActive(String username, boolean active) {
		change(username, (id) -> this.jdbc.update("update cfg_user set is_active = ? where id = ?", active, id));
	}

	/**
	 * Changes a user's password.
	 * @param username the user
	 * @param rawPassword the new password, stored only as a hash
	 */
	public void setPassword(String username, String rawPassword) {
		String hash = this.passwords.encode(rawPassword);
		change(username, (id) -> this.jdbc.update("update cfg_user set password = ? where id = ?", hash, id));
	}

	/**
	 * Sets a user's staff and superuser flags; a superuser is always staff.
	 * @param username the user
	 * @param staff whether the user is staff
	 * @param superuser whether the user holds every permission
	 */
	public void setRoles(String username, boolean staff, boolean superuser) {
		change(username, (id) -> this.jdbc.update("update cfg_user set is_staff = ?, is_superuser = ? where id = ?",
				staff || superuser, superuser, id));
	}

	/**
	 * Takes a permission granted to the user directly away (permissions from groups stay).
	 * @param username the user
	 * @param permission {@code app.codename}
	 */
	public void revokePermission(String username, String permission) {
		change(username, (id) -> this.jdbc.update("delete from cfg_user_permissions where user_id = ? and permission_id"
				+ " in (select id from cfg_permission where codename = ?)", id, permission));
	}

	/**
	 * Takes a user out of a group.
	 * @param username the user
	 * @param group the group's name
	 */
	public void removeFromGroup(String username, String group) {
		change(username, (id) -> this.jdbc.update(
				"delete from cfg_user_groups where user_id = ? and group_id in (select id from cfg_group where name = ?)",
				id, group));
	}

	/**
	 * Deletes a user, with their memberships and API keys; their tokens stop working.
	 * @param username the user
	 */
	public void delete(String username) {
		change(username, (id) -> this.jdbc.update("delete from cfg_user where id = ?", id));
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
		return this.jdbc.queryForList("select codename from cfg_permission order by codename", String.class);
	}

	/** Runs a change of one user in a transaction and tells the auth cache once it is committed. */
	private void change(String username, java.util.function.LongConsumer change) {
		long id = this.transactions.execute((status) -> {
			long user = idOf(username).orElseThrow(() -> unknown(username));
			change.accept(user);
			return user;
		});
		changed(id);
	}

	private void changed(long id) {
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

	private Optional<Long> idOf(String username) {
		return this.jdbc.queryForList("select id from cfg_user where username = ?", Long.class, username)
			.stream()
			.findFirst();
	}

	/** The users a condition on {@code u} selects, each with its groups and permissions, by id. */
	private List<UserAccount> read(String condition, Object... arguments) {
		Map<Long, Memberships> memberships = new HashMap<>();
		Object[] thrice = new Object[arguments.length * 3];
		for (int i = 0; i < 3; i++) {
			System.arraycopy(arguments, 0, thrice, i * arguments.length, arguments.length);
		}
		this.jdbc.query(MEMBERSHIPS.formatted(condition), (ResultSet row) -> {
			Memberships of = memberships.computeIfAbsent(row.getLong(1), (id) -> new Memberships());
			String kind = row.getString(2);
			(kind.equals("group") ? of.groups : kind.equals("direct") ? of.direct : of.throughGroups).add(row.getString(3));
		}, thrice);
		return this.jdbc.query("select " + USER_COLUMNS + " from cfg_user u where " + condition + " order by u.id",
				(row, n) -> account(row, memberships.getOrDefault(row.getLong(1), Memberships.NONE)), arguments);
	}

	private static UserAccount account(ResultSet row, Memberships memberships) throws SQLException {
		Timestamp lastLogin = row.getTimestamp(9);
		return new UserAccount(row.getLong(1), row.getString(2), row.getString(3), row.getString(4),
				new UserAccount.Flags(row.getBoolean(5), row.getBoolean(6), row.getBoolean(7)),
				row.getTimestamp(8).toInstant(), (lastLogin != null) ? lastLogin.toInstant() : null, memberships.groups,
				memberships.direct, memberships.throughGroups);
	}

	private long permissionId(String codename) {
		if (codename == null || !codename.matches("[A-Za-z0-9_]+\\.[A-Za-z0-9_]+")) {
			throw new IllegalArgumentException("A permission is 'app.codename', for example 'orders.add_order': " + codename);
		}
		return idOrNew("cfg_permission", "codename", codename);
	}

	private long groupId(String name) {
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("A group needs a name");
		}
		return idOrNew("cfg_group", "name", name.strip());
	}

	/** The id of the row of a name-keyed table ({@code cfg_group}, {@code cfg_permission}), made if new. */
	private long idOrNew(String table, String column, String value) {
		Function<String, Optional<Long>> find = (v) -> this.jdbc
			.queryForList("select id from " + table + " where " + column + " = ?", Long.class, v)
			.stream()
			.findFirst();
		return find.apply(value).orElseGet(() -> insert("insert into " + table + " (" + column + ") values (?)", value));
	}

	/** Adds a row to a join table unless it is there already. */
	private void link(String table, String ownerColumn, long owner, String memberColumn, long member) {
		this.jdbc.update("insert into " + table + " (" + ownerColumn + ", " + memberColumn + ") select ?, ? where not exists"
				+ " (select 1 from " + table + " where " + ownerColumn + " = ? and " + memberColumn + " = ?)", owner,
				member, owner, member);
	}

	private long insert(String sql, Object... values) {
		GeneratedKeyHolder key = new GeneratedKeyHolder();
		this.jdbc.update((connection) -> {
			PreparedStatement statement = connection.prepareStatement(sql, new String[] { "id" });
			for (int i = 0; i < values.length; i++) {
				statement.setObject(i + 1, values[i]);
			}
			return statement;
		}, key);
		return key.getKeyAs(Long.class);
	}

	private static IllegalArgumentException unknown(String username) {
		return new IllegalArgumentException("No user named '" + username + "'");
	}

	private static IllegalArgumentException exists(String username) {
		return new IllegalArgumentException("User '" + username + "' exists already");
	}

	/** What {@link #read} gathers of a user's memberships before the user's row. */
	private static final class Memberships {

		static final Memberships NONE = new Memberships();

		final Set<String> groups = new HashSet<>();

		final Set<String> direct = new HashSet<>();

		final Set<String> throughGroups = new HashSet<>();

	}

}
