package dev.cfg.grpc.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.grpc.Metadata;

import dev.cfg.grpc.auth.TokenIssuer;
import dev.cfg.grpc.pipeline.Refusal;
import dev.cfg.grpc.users.UserAccount;
import dev.cfg.grpc.users.UserStore;

/**
 * A service user's access token, signed here with the application's own key and renewed once four
 * fifths of its lifetime (less a second) have passed, so a call never leaves with a token about to expire. The
 * called service accepts it when it shares the signing secret and the user table, as the
 * instances of one fleet do. The user is looked up at every renewal: a user deactivated or
 * deleted stops getting tokens within one lifetime.
 */
final class ServiceUserToken implements Credential {

	private final String username;

	private final TokenIssuer issuer;

	private final UserStore users;

	private final Duration lifetime;

	private final Clock clock;

	private final Metadata.Key<String> header;

	private final String prefix;

	/** Guarded by this. */
	private String token;

	/** Guarded by this. */
	private Instant renewAt = Instant.MIN;

	ServiceUserToken(String username, TokenIssuer issuer, UserStore users, Duration lifetime, Clock clock,
			String tokenHeader, String tokenPrefix) {
		this.username = username;
		this.issuer = issuer;
		this.users = users;
		this.lifetime = lifetime;
		this.clock = clock;
		this.header = Metadata.Key.of(tokenHeader, Metadata.ASCII_STRING_MARSHALLER);
		this.prefix = tokenPrefix.isEmpty() ? "" : tokenPrefix + " ";
	}

	@Override
	public void addTo(Metadata headers) {
		headers.put(this.header, this.prefix + current());
	}

	synchronized String current() {
		Instant now = this.clock.instant();
		if (this.token == null || !now.isBefore(this.renewAt)) {
			UserAccount user = this.users.findByUsername(this.username)
				.filter(UserAccount::isActive)
				.orElseThrow(() -> Refusal.SERVICE_USER_UNAVAILABLE.exception(this.username));
			this.token = this.issuer.accessToken(String.valueOf(user.getId()), this.lifetime);
			// A JWT's times are whole seconds, so the token may expire up to a second before
			// now + lifetime: the renewal keeps that second in hand.
			this.renewAt = now.plus(this.lifetime.multipliedBy(4).dividedBy(5)).minusSeconds(1);
		}
		return this.token;
	}

}
