package dev.cfg.grpc.users;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.crypto.password.PasswordEncoder;

import dev.cfg.grpc.AutoConfigurationRunners;
import dev.cfg.grpc.auth.UserResolver;
import dev.cfg.grpc.config.CfgGrpcConfigAutoConfiguration;
import dev.cfg.grpc.schema.CfgSchemaAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The user store: on with a database, off with its switch, absent without a database, and built
 * on the application's password encoder when it has one.
 */
class UsersAutoConfigurationTest {

	private static final AutoConfigurations USERS = AutoConfigurations.of(CfgGrpcConfigAutoConfiguration.class,
			CfgSchemaAutoConfiguration.class, CfgGrpcUsersAutoConfiguration.class);

	private final ApplicationContextRunner runner = AutoConfigurationRunners
		.withH2(new ApplicationContextRunner(), "users-autoconfiguration", false)
		.withConfiguration(USERS);

	@Test
	void onWithADatabase() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(UserStore.class)
			.hasSingleBean(ApiKeyStore.class)
			.hasSingleBean(UserResolver.class)
			.hasSingleBean(PasswordEncoder.class)
			.hasSingleBean(LoginThrottle.class));
	}

	@Test
	void offWithItsSwitch() {
		this.runner.withPropertyValues("cfg.grpc.users.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(UserStore.class)
				.doesNotHaveBean(ApiKeyStore.class)
				.doesNotHaveBean(UserResolver.class));
	}

	@Test
	void anApplicationsOwnPasswordEncoderHashesThePasswords() {
		PasswordEncoder own = new PasswordEncoder() {
			@Override
			public String encode(CharSequence raw) {
				return "own:" + new StringBuilder(raw).reverse();
			}

			@Override
			public boolean matches(CharSequence raw, String encoded) {
				return encode(raw).equals(encoded);
			}
		};
		this.runner.withBean(PasswordEncoder.class, () -> own).run((context) -> {
			UserStore users = context.getBean(UserStore.class);
			UserAccount alice = users.createUser("alice", "", "alice-password", false, false);
			assertThat(users.passwordHash(alice)).isEqualTo("own:drowssap-ecila");
			assertThat(users.authenticate("alice", "alice-password")).isPresent();
		});
	}

	@Test
	void needsADatabase() {
		new ApplicationContextRunner().withConfiguration(USERS)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(UserStore.class));
	}

}
