package dev.cfg.grpc.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

import picocli.CommandLine;

import org.springframework.boot.convert.DurationStyle;

import dev.cfg.grpc.users.ApiKeyStore;

/** {@code apikey create|list|revoke}: API keys of cfg-grpc users. Starts no server. */
@CommandLine.Command(name = "apikey", description = "Create, list and revoke API keys.",
		subcommands = { ApiKeyCommand.Create.class, ApiKeyCommand.ListKeys.class, ApiKeyCommand.Revoke.class })
final class ApiKeyCommand implements Runnable {

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public void run() {
		this.spec.commandLine().usage(this.spec.commandLine().getOut());
	}

	/** Creates a key and prints it, once. */
	@CommandLine.Command(name = "create", description = "Create a key for a user; it is shown only now.")
	static final class Create extends BeanCommand {

		@CommandLine.Option(names = "--user", required = true, paramLabel = "NAME", description = "The key's user.")
		String username;

		@CommandLine.Option(names = "--name", required = true, paramLabel = "LABEL",
				description = "What the key is for.")
		String name;

		@CommandLine.Option(names = "--expires", paramLabel = "WHEN",
				description = "A duration from now (30d, 12h) or a date (2027-01-31); default: never.")
		String expires;

		@Override
		public Integer call() {
			Instant expiresAt;
			try {
				expiresAt = expiry(this.expires);
			}
			catch (IllegalArgumentException ex) {
				err().println(commandName() + ": --expires '" + this.expires
						+ "' is neither a duration (30d) nor a date (2027-01-31)");
				return 2;
			}
			return withStores((context) -> {
				ApiKeyStore.CreatedKey key;
				try {
					key = context.getBean(ApiKeyStore.class).create(this.username, this.name, expiresAt);
				}
				catch (IllegalArgumentException ex) {
					err().println(commandName() + ": " + ex.getMessage());
					return 1;
				}
				out().println(key.rawKey());
				err().println("Key '" + key.name() + "' for " + key.username() + " (prefix " + key.prefix()
						+ ", expires " + ((key.expiresAt() != null) ? seconds(key.expiresAt()) : "never")
						+ "). Store it now: it cannot be shown again. Send it as the x-api-key header.");
				return 0;
			});
		}

		static Instant expiry(String text) {
			if (text == null || text.isBlank()) {
				return null;
			}
			try {
				return LocalDate.parse(text.strip()).atStartOfDay(ZoneOffset.UTC).toInstant();
			}
			catch (DateTimeParseException ex) {
				return Instant.now().plus(DurationStyle.detectAndParse(text.strip()));
			}
		}

	}

	/** Lists keys without their values. */
	@CommandLine.Command(name = "list", description = "List keys by prefix, with their use.")
	static final class ListKeys extends BeanCommand {

		@Override
		public Integer call() {
			return withStores((context) -> {
				String format = "%-9s %-20s %-12s %-8s %-21s %-21s %s%n";
				out().printf(format, "PREFIX", "NAME", "USER", "STATE", "EXPIRES", "LAST USED", "REQUESTS");
				for (ApiKeyStore.KeyInfo key : context.getBean(ApiKeyStore.class).list()) {
					boolean expired = key.expiresAt() != null && key.expiresAt().isBefore(Instant.now());
					out().printf(format, key.prefix(), key.name(), key.username(),
							!key.active() ? "revoked" : expired ? "expired" : "active",
							(key.expiresAt() != null) ? seconds(key.expiresAt()) : "never",
							(key.lastUsedAt() != null) ? seconds(key.lastUsedAt()) : "-", key.requestCount());
				}
				return 0;
			});
		}

	}

	/** Revokes a key. */
	@CommandLine.Command(name = "revoke", description = "Revoke the key with this prefix.")
	static final class Revoke extends BeanCommand {

		@CommandLine.Parameters(paramLabel = "PREFIX", description = "The key's prefix, as list shows it.")
		String prefix;

		@Override
		public Integer call() {
			return withStores((context) -> {
				try {
					if (context.getBean(ApiKeyStore.class).revoke(this.prefix) == 0) {
						err().println(commandName() + ": no active key starts with '" + this.prefix + "'");
						return 1;
					}
				}
				catch (IllegalArgumentException ex) {
					err().println(commandName() + ": " + ex.getMessage());
					return 1;
				}
				out().println("Revoked the key " + this.prefix + ".");
				return 0;
			});
		}

	}

	private static Instant seconds(Instant instant) {
		return instant.truncatedTo(ChronoUnit.SECONDS);
	}

}
