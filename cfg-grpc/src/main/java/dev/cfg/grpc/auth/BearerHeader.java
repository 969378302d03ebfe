package dev.cfg.grpc.auth;

import java.util.Locale;

import dev.cfg.grpc.config.CfgGrpcProperties;

/**
 * The one reader of the bearer token header, for gRPC calls and HTTP requests alike: the header
 * is {@code cfg.grpc.auth.token-header}, its value {@code cfg.grpc.auth.token-prefix}, a space
 * and the token (the prefix matched ignoring case; an empty prefix means the whole value).
 *
 * @param name the header's name
 * @param prefix the scheme before the token, for example {@code Bearer}, or empty
 */
record BearerHeader(String name, String prefix) {

	static BearerHeader of(CfgGrpcProperties.Auth auth) {
		return new BearerHeader(auth.tokenHeader(), auth.tokenPrefix());
	}

	/**
	 * The token in a header's value.
	 * @param value the header's value, or null
	 * @return the token, or null when the header is missing, blank or has another format
	 */
	String token(String value) {
		if (value == null) {
			return null;
		}
		if (this.prefix.isEmpty()) {
			return value.isBlank() ? null : value.strip();
		}
		String start = this.prefix.toLowerCase(Locale.ROOT) + " ";
		if (!value.toLowerCase(Locale.ROOT).startsWith(start)) {
			return null;
		}
		String token = value.substring(start.length()).strip();
		return token.isEmpty() ? null : token;
	}

}
