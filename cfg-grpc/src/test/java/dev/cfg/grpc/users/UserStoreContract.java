package dev.cfg.grpc.users;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.util.ClassUtils;

import dev.cfg.grpc.auth.UserChangedEvent;
import dev.cfg.grpc.config.CfgGrpcConfigAutoConfiguration;
import dev.cfg.grpc.schema.CfgSchemaAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The user store on a real database, with no JPA in the context: every change it offers, read
 * back as a user would see it, and the change events that keep the auth cache right. Names are
 * unique per run, so the tests share a database with others.
 */
abstract class UserStoreContract {

	private final String run = UUID.randomUUID().toString().substring(0, 8);

	private final List<String> changed = new CopyOnWriteArrayList<>();

	abstract String[] databaseProperties();

	private ApplicationContextRunner runner() {
		ClassLoader loader = getClass().getClassLoader();
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(
					ClassUtils.resolveClassName("org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
							loader),
					ClassUtils.resolveClassName(
							"org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
							loader),
					ClassUtils.resolveClassName("org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
							loader),
					ClassUtils.resolveClassName("org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
							loader),
					CfgGrpcConfigAutoConfiguration.class, CfgSchemaAutoConfiguration.class,
					CfgGrpcUsersAutoConfiguration.class))
			.withPropertyValues(databaseProperties())
			.withBean(ApplicationListener.class,
					() -> ApplicationListener.forPayload((UserChangedEvent event) -> this.changed.add(event.userId())));
	}

	private String name(String base) {
		return base + "-" + this.run;
	}

	@Test
	void aNewUserIsReadBackWithWhatWasGiven() {
		runner().run((context) -> {
			UserStore users = context.getBean(UserStore.class);
			UserAccount created = users.createUser("  " + name("ann") + " ", " ann@example.com ", "ann-secret", false, true);
			assertThat(created.getUsername()).isEqualTo(name("ann"));
			assertThat(created.getEmail()).isEqualTo("ann@example.com");
			assertThat(created.isActive()).isTrue();
			assertThat(created.isStaff()).as("a superuser is staff").isTrue();
			assertThat(created.isSuperuser()).isTrue();
			assertThat(created.getDateJoined()).isNotNull();
			assertThat(created.getLastLogin()).isNull();
			assertThat(users.passwordHash(created)).startsWith("{").doesNotContain("ann-secret");
			assertThat(created.toString()).doesNotContain(users.passwordHash(created));
			assertThat(users.findById(created.getId())).get()
				.extracting(UserAccount::getUsername)
				.isEqualTo(name("ann"));
			assertThat(users.findAll()).extracting(UserAccount::getUsername).contains(name("ann"));
			assertThatIllegalArgumentException()
				.isThrownBy(() -> users.createUser(name("ann"), "", "other-secret", false, false))
				.withMessage("User '" + name("ann") + "' exists already");
			assertThatIllegalArgumentException().isThrownBy(() -> users.createUser(" ", "", "x", false, false));
			assertThatIllegalArgumentException().isThrownBy(() -> users.createUser(name("nopass"), "", "", false, false));
			assertThat(users.findByUsername(name("nopass"))).isEmpty();
		});
	}

	@Test
	void permissionsComeDirectlyAndThroughGroupsAndGoTheSameWay() {
		runner().run((context) -> {
			UserStore users = context.getBean(UserStore.class);
			long id = users.createUser(name("ben"), "", "ben-secret", false, false).getId();
			String group = name("editors");
			users.grantPermission(name("ben"), "notes.view_note");
			users.grantPermission(name("ben"), "notes.view_note");
			users.addToGroup(name("ben"), group);
			users.addToGroup(name("ben"), group);
			users.grantGroupPermission(group, "notes.change_note");
			users.grantGroupPermission(group, "notes.view_note");
			UserAccount ben = users.findByUsername(name("ben")).orElseThrow();
			assertThat(ben.groupNames()).containsExactly(group);
			assertThat(ben.directPermissionNames()).containsExactly("notes.view_note");
			assertThat(ben.permissionNames()).containsExactly("notes.change_note", "notes.view_note");
			assertThat(users.allPermissions()).contains("notes.change_note", "notes.view_note");

			users.revokePermission(name("ben"), "notes.view_note");
			ben = users.findByUsername(name("ben")).orElseThrow();
			assertThat(ben.directPermissionNames()).isEmpty();
			assertThat(ben.permissionNames()).as("still granted through the group")
				.containsExactly("notes.change_note", "notes.view_note");

			users.removeFromGroup(name("ben"), group);
			ben = users.findByUsername(name("ben")).orElseThrow();
			assertThat(ben.groupNames()).isEmpty();
			assertThat(ben.permissionNames()).isEmpty();
			assertThat(this.changed).as("every change of ben told the auth cache").hasSizeGreaterThanOrEqualTo(7)
				.containsOnly(String.valueOf(id));

			assertThatIllegalArgumentException().isThrownBy(() -> users.grantPermission(name("ben"), "no-dot"))
				.withMessageContaining("app.codename");
			assertThatIllegalArgumentException().isThrownBy(() -> users.grantPermission(name("nobody"), "notes.x"))
				.withMessage("No user named '" + name("nobody") + "'");
		});
	}

	@Test
	void passwordsFlagsAndDeletion() {
		runner().run((context) -> {
			UserStore users = context.getBean(UserStore.class);
			long id = users.createUser(name("cat"), "", "cat-secret", false, false).getId();
			assertThat(users.authenticate(name("cat"), "wrong")).isEmpty();
			assertThat(users.authenticate(name("nobody"), "cat-secret")).isEmpty();
			assertThat(users.authenticate(name("cat"), "cat-secret")).isPresent();
			assertThat(users.findById(id).orElseThrow().getLastLogin()).as("signing in is recorded").isNotNull();

			users.setPassword(name("cat"), "new-secret");
			assertThat(users.authenticate(name("cat"), "cat-secret")).isEmpty();
			assertThat(users.authenticate(name("cat"), "new-secret")).isPresent();

			users.setRoles(name("cat"), false, true);
			assertThat(users.findById(id)).get().satisfies((cat) -> {
				assertThat(cat.isStaff()).isTrue();
				assertThat(cat.isSuperuser()).isTrue();
			});
			users.setRoles(name("cat"), true, false);
			assertThat(users.findById(id).orElseThrow().isSuperuser()).isFalse();

			users.setActive(name("cat"), false);
			assertThat(users.findById(id).orElseThrow().isActive()).isFalse();
			assertThat(users.authenticate(name("cat"), "new-secret")).as("inactive users cannot sign in").isEmpty();

			users.addToGroup(name("cat"), name("cats"));
			context.getBean(ApiKeyStore.class).create(name("cat"), "cat's key", null);
			this.changed.clear();
			users.delete(name("cat"));
			assertThat(users.findById(id)).isEmpty();
			assertThat(users.findByUsername(name("cat"))).isEmpty();
			assertThat(this.changed).containsExactly(String.valueOf(id));
		});
	}

}
