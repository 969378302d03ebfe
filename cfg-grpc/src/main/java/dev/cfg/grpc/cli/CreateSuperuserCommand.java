package dev.cfg.grpc.cli;

import java.io.Console;
import java.util.Arrays;

import picocli.CommandLine;

import dev.cfg.grpc.users.UserStore;

/**
 * {@code createsuperuser}: creates a staff superuser in cfg-grpc's user store, from flags or, in
 * a terminal, by asking. The password may also come from {@code CFG_SUPERUSER_PASSWORD}, which
 * keeps it out of the shell history. Starts no server.
 */
@CommandLine.Command(name = "createsuperuser", description = "Create a superuser in cfg-grpc's user store.")
final class CreateSuperuserCommand extends BeanCommand {

	static final String PASSWORD_VARIABLE = "CFG_SUPERUSER_PASSWORD";

	@CommandLine.Option(names = "--username", paramLabel = "NAME", description = "The superuser's name.")
	String username;

	@CommandLine.Option(names = "--email", paramLabel = "EMAIL", description = "The superuser's email address.")
	String email;

	@CommandLine.Option(names = "--password", paramLabel = "PASSWORD",
			description = "The password (or set " + PASSWORD_VARIABLE + ", or type it when asked).")
	String password;

	@CommandLine.Option(names = "--no-input", description = "Never ask; fail when something is missing.")
	boolean noInput;

	@Override
	public Integer call() {
		var out = out();
		var err = err();
		Console console = this.noInput ? null : System.console();
		if (this.password == null) {
			this.password = System.getenv(PASSWORD_VARIABLE);
		}
		if (console != null) {
			if (this.username == null) {
				this.username = console.readLine("Username: ");
			}
			if (this.email == null) {
				this.email = console.readLine("Email address: ");
			}
			if (this.password == null) {
				char[] first = console.readPassword("Password: ");
				char[] second = console.readPassword("Password (again): ");
				if (first == null || !Arrays.equals(first, second)) {
					err.println("createsuperuser: the passwords do not match");
					return 1;
				}
				this.password = new String(first);
			}
		}
		if (this.username == null || this.username.isBlank() || this.password == null || this.password.isEmpty()) {
			err.println("createsuperuser: --username and a password (--password or " + PASSWORD_VARIABLE
					+ ") are required when not run in a terminal");
			return 2;
		}
		return withStores((context) -> {
			try {
				context.getBean(UserStore.class).createUser(this.username, this.email, this.password, true, true);
			}
			catch (IllegalArgumentException ex) {
				err.println("createsuperuser: " + ex.getMessage());
				return 1;
			}
			out.println("Superuser '" + this.username.strip() + "' created.");
			return 0;
		});
	}

}
