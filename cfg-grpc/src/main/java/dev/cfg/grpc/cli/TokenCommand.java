package dev.cfg.grpc.cli;

import java.time.Duration;

import picocli.CommandLine;

import org.springframework.boot.convert.DurationStyle;

import dev.cfg.grpc.auth.TokenIssuer;
import dev.cfg.grpc.users.UserAccount;
import dev.cfg.grpc.users.UserStore;

/**
 * {@code token}: prints an access token for a user, signed with the application's key, for
 * calling the server by hand. Starts no server.
 */
@CommandLine.Command(name = "token", description = "Print an access token for a user.")
final class TokenCommand extends BeanCommand {

	@CommandLine.Option(names = "--user", paramLabel = "NAME", description = "Username in cfg-grpc's user store.")
	String username;

	@CommandLine.Option(names = "--user-id", paramLabel = "ID",
			description = "User id as tokens carry it, for applications with users of their own.")
	String userId;

	@CommandLine.Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "1h",
			description = "How long the token is valid, e.g. 30m, 1h, 7d (default: ${DEFAULT-VALUE}).")
	String ttl;

	@Override
	public Integer call() {
		var err = err();
		if ((this.username == null) == (this.userId == null)) {
			err.println("token: give exactly one of --user NAME or --user-id ID");
			return 2;
		}
		Duration lifetime;
		try {
			lifetime = DurationStyle.detectAndParse(this.ttl);
		}
		catch (IllegalArgumentException ex) {
			err.println("token: --ttl '" + this.ttl + "' is not a duration such as 30m, 1h or 7d");
			return 2;
		}
		if (lifetime.isNegative() || lifetime.isZero()) {
			err.println("token: --ttl must be positive");
			return 2;
		}
		return withStores((context) -> {
			String id = this.userId;
			if (id == null) {
				UserAccount user = context.getBean(UserStore.class).findByUsername(this.username).orElse(null);
				if (user == null || !user.isActive()) {
					err.println("token: no active user named '" + this.username + "'");
					return 1;
				}
				id = String.valueOf(user.getId());
			}
			out().println(context.getBean(TokenIssuer.class).accessToken(id, lifetime));
			return 0;
		});
	}

}
