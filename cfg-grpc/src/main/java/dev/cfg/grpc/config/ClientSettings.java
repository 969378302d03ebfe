package dev.cfg.grpc.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Channels to other gRPC services, built by Spring Boot's gRPC client: each one is applied to
 * {@code spring.grpc.client.channel.<name>.*}, so {@code GrpcChannelFactory.createChannel(name)}
 * and {@code @ImportGrpcClients(target = name)} get it.
 *
 * @param channels the channels, by name
 */
public record ClientSettings(@DefaultValue Map<String, Channel> channels) {

	public ClientSettings {
		channels = Map.copyOf(channels);
		channels.forEach((name, channel) -> channel.check("cfg.grpc.client.channels." + name + "."));
	}

	/**
	 * How a channel reaches and calls its service.
	 *
	 * @param target where the service listens: `host:port`, or any gRPC target such as
	 * `dns:///host:port` or `static://host:port`; required
	 * @param deadline the deadline of every call that sets none of its own; unset means none
	 * @param methodDeadlines deadlines of some services or methods, overriding `deadline`, keyed by
	 * `package.Service` or `package.Service/Method` (in brackets in a properties file)
	 * @param retry which calls are tried again, and how
	 * @param credentials how calls prove who makes them: `none`, `service-user` (a token cfg-grpc
	 * signs for `username` and renews before it expires), `api-key` (the key in `api-key`) or
	 * `forward` (the token or key of the call being served, when there is one)
	 * @param username the user a `service-user` channel calls as
	 * @param apiKey the key an `api-key` channel sends
	 * @param compression compress requests with this encoding: `gzip`; unset means none
	 * @param keepaliveTime how long the connection may stay silent before the client pings it
	 * @param keepaliveTimeout how long the client waits for a ping's answer
	 * @param maxReceiveMessageLength largest response message accepted
	 * @param userAgent the `user-agent` sent with every call
	 * @param tls TLS to the service
	 */
	public record Channel(String target, Duration deadline, @DefaultValue Map<String, Duration> methodDeadlines,
			@DefaultValue Retry retry, @DefaultValue(Channel.NONE) String credentials, String username, String apiKey,
			String compression, Duration keepaliveTime, Duration keepaliveTimeout, DataSize maxReceiveMessageLength,
			String userAgent, @DefaultValue Tls tls) {

		/** Calls carry no credential. */
		public static final String NONE = "none";

		/** Calls carry a token signed for {@code username}. */
		public static final String SERVICE_USER = "service-user";

		/** Calls carry {@code api-key}. */
		public static final String API_KEY = "api-key";

		/** Calls carry the credential of the call being served. */
		public static final String FORWARD = "forward";

		/** {@code package.Service} or {@code package.Service/Method}. */
		private static final java.util.regex.Pattern METHOD_NAME = java.util.regex.Pattern
			.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*(/[A-Za-z_][A-Za-z0-9_]*)?");

		public Channel {
			methodDeadlines = Map.copyOf(methodDeadlines);
			credentials = (credentials != null) ? credentials.strip() : NONE;
		}

		void check(String prefix) {
			Allowed.notBlank(prefix + "target", this.target);
			if (this.deadline != null) {
				Allowed.atLeast(prefix + "deadline", this.deadline, Duration.ofMillis(1));
			}
			this.methodDeadlines.forEach((name, value) -> {
				methodName(prefix + "method-deadlines", name);
				Allowed.atLeast(prefix + "method-deadlines[" + name + "]", value, Duration.ofMillis(1));
			});
			this.retry.check(prefix + "retry.");
			Allowed.oneOf(prefix + "credentials", this.credentials, List.of(NONE, SERVICE_USER, API_KEY, FORWARD));
			if (SERVICE_USER.equals(this.credentials)) {
				Allowed.notBlank(prefix + "username", this.username);
			}
			if (API_KEY.equals(this.credentials)) {
				Allowed.notBlank(prefix + "api-key", this.apiKey);
			}
			if (this.compression != null) {
				Allowed.oneOf(prefix + "compression", this.compression, List.of("gzip"));
			}
			if (this.keepaliveTime != null) {
				Allowed.atLeast(prefix + "keepalive-time", this.keepaliveTime, Duration.ofSeconds(10));
			}
			if (this.keepaliveTimeout != null) {
				Allowed.atLeast(prefix + "keepalive-timeout", this.keepaliveTimeout, Duration.ofSeconds(1));
			}
			if (this.maxReceiveMessageLength != null) {
				Allowed.size(prefix + "max-receive-message-length", this.maxReceiveMessageLength,
						DataSize.ofKilobytes(1), DataSize.ofMegabytes(100));
			}
		}

		static void methodName(String key, String name) {
			if (!METHOD_NAME.matcher(name).matches()) {
				throw CfgGrpcConfigException.invalidValue(key, name,
						"a service or method as package.Service or package.Service/Method");
			}
		}

		@Override
		public String toString() {
			// The API key is a secret: it never reaches a log line or a failure message.
			return "Channel[target=" + this.target + ", credentials=" + this.credentials + "]";
		}

	}

	/**
	 * Retries of failed calls, by grpc-java's own retry policy. Only the methods named are tried
	 * again: name only methods that are safe to run twice.
	 *
	 * @param methods the services (`package.Service`) or methods (`package.Service/Method`) whose
	 * calls are tried again; empty means no retries
	 * @param maxAttempts tries in all, the first included, 2 to 5
	 * @param initialBackoff the wait before the first retry (each wait is random up to its bound)
	 * @param maxBackoff the longest wait between tries
	 * @param backoffMultiplier how much longer each wait may be than the last, at least 1
	 * @param statusCodes the status codes worth another try
	 */
	public record Retry(@DefaultValue List<String> methods, @DefaultValue("3") int maxAttempts,
			@DefaultValue("100ms") Duration initialBackoff, @DefaultValue("2s") Duration maxBackoff,
			@DefaultValue("2") double backoffMultiplier, @DefaultValue("UNAVAILABLE") List<String> statusCodes) {

		public Retry {
			methods = List.copyOf(methods);
			statusCodes = statusCodes.stream().map((code) -> code.strip().toUpperCase(java.util.Locale.ROOT)).toList();
		}

		void check(String prefix) {
			this.methods.forEach((name) -> Channel.methodName(prefix + "methods", name));
			Allowed.intRange(prefix + "max-attempts", this.maxAttempts, 2, 5);
			Allowed.atLeast(prefix + "initial-backoff", this.initialBackoff, Duration.ofMillis(1));
			Allowed.atLeast(prefix + "max-backoff", this.maxBackoff, this.initialBackoff);
			if (!(this.backoffMultiplier >= 1.0 && this.backoffMultiplier <= 10.0)) {
				throw CfgGrpcConfigException.invalidValue(prefix + "backoff-multiplier",
						Double.toString(this.backoffMultiplier), "a number from 1 to 10");
			}
			List<String> codes = java.util.Arrays.stream(io.grpc.Status.Code.values()).map(Enum::name).toList();
			this.statusCodes.forEach((code) -> Allowed.oneOf(prefix + "status-codes", code, codes));
		}

	}

	/**
	 * TLS from a channel to its service, through Spring Boot's SSL bundles.
	 *
	 * @param enabled use TLS; unset means TLS when `bundle` is set
	 * @param bundle the `spring.ssl.bundle` whose trust material checks the server
	 */
	public record Tls(Boolean enabled, String bundle) {

		/**
		 * Whether the channel uses TLS, as far as it says.
		 * @return {@code enabled} when set, true when only a bundle is named, otherwise null (Boot decides)
		 */
		public Boolean on() {
			return (this.enabled != null) ? this.enabled : (this.bundle != null) ? Boolean.TRUE : null;
		}

	}

}
