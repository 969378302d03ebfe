package dev.cfg.grpc.test;

import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;

import dev.cfg.grpc.users.ApiKeyStore;
import dev.cfg.grpc.users.UserAccount;
import dev.cfg.grpc.users.UserStore;

/**
 * Users for tests, made in the application's user store: {@code users.user("bob", "orders.add_order")}.
 * Asking again for a user that exists adds the permissions and returns it, so tests sharing one
 * application can each ask for the users they need.
 */
public final class TestUsers {

	private final ObjectProvider<UserStore> users;

	private final ObjectProvider<ApiKeyStore> keys;

	TestUsers(ObjectProvider<UserStore> users, ObjectProvider<ApiKeyStore> keys) {
		this.users = users;
		this.keys = keys;
	}

	/**
	 * A user with permissions (and a random password).
	 * @param username the username
	 * @param permissions permissions such as {@code orders.add_order}
	 * @return the user, as stored
	 */
	public UserAccount user(String username, String... permissions) {
		return make(username, false, false, permissions);
	}

	/**
	 * A staff user, as the admin pages and {@code requireStaff} want.
	 * @param username the username
	 * @param permissions permissions besides
	 * @return the user, as stored
	 */
	public UserAccount staff(String username, String... permissions) {
		return make(username, true, false, permissions);
	}

	/**
	 * A superuser, who has every permission.
	 * @param username the username
	 * @return the user, as stored
	 */
	public UserAccount superuser(String username) {
		return make(username, true, true);
	}

	/**
	 * A new API key of a user, made with {@link #user} first when the user does not exist.
	 * @param username the key's user
	 * @return the key itself, for {@link GrpcTestClient#asApiKey}
	 */
	public String apiKey(String username) {
		if (store().findByUsername(username).isEmpty()) {
			user(username);
		}
		ApiKeyStore store = this.keys.getIfAvailable();
		if (store == null) {
			throw new IllegalStateException("The application under test has no API key store (cfg.grpc.users.enabled)");
		}
		return store.create(username, "test", null).rawKey();
	}

	private UserAccount make(String username, boolean staff, boolean superuser, String... permissions) {
		UserStore store = store();
		java.util.Optional<UserAccount> existing = store.findByUsername(username);
		if (existing.isEmpty()) {
			store.createUser(username, username + "@example.test", UUID.randomUUID().toString(), staff, superuser);
		}
		else if (staff || superuser) {
			// Roles are only ever added here: a test asking for a plain user never demotes one.
			store.setRoles(username, staff || existing.get().isStaff(), superuser || existing.get().isSuperuser());
		}
		for (String permission : permissions) {
			store.grantPermission(username, permission);
		}
		return store.findByUsername(username).orElseThrow();
	}

	private UserStore store() {
		UserStore store = this.users.getIfAvailable();
		if (store == null) {
			throw new IllegalStateException("The application under test has no user store (cfg.grpc.users.enabled)");
		}
		return store;
	}

}
