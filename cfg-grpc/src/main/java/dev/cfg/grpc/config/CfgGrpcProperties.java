package dev.cfg.grpc.config;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import dev.cfg.grpc.config.internal.AddressRange;

/**
 * Everything under {@code cfg.grpc}: the server, authentication, proto generation and service
 * discovery. Values are checked when bound; a bad value fails startup with one line naming the
 * property, the value and what is allowed. Server settings are applied to Spring Boot's gRPC
 * server ({@code spring.grpc.server.*}); see {@code docs/configuration.md}.
 *
 * @param enabled master switch: `false` turns cfg-grpc and the gRPC server off
 * @param server the gRPC server
 * @param auth authentication of calls
 * @param proto generation of .proto files
 * @param logging the request log, the console line and their retention
 * @param users the built-in user store
 * @param monitor the monitoring REST API
 * @param admin the admin web pages
 * @param readOnly how calls to read-only services are kept from writing
 * @param fleet the server instance table: heartbeats and reports of instances that stopped
 * without a clean shutdown
 * @param validation checks of requests against the `buf.validate` rules of their messages
 * @param events the `CallCompleted` application event published for every ended call
 * @param web gRPC-Web, Connect and HTTP/JSON on the HTTP port
 * @param rateLimit calls per second allowed to each user, API key and anonymous client address
 * @param autoRegisterApps whether to serve the services found in `enabled-apps`
 * @param enabledApps Java packages searched for classes implementing `io.grpc.BindableService`;
 * the classes found are served even without a Spring annotation
 * @param customServices fully qualified class names of services to serve in addition
 */
@ConfigurationProperties("cfg.grpc")
public record CfgGrpcProperties(@DefaultValue("true") boolean enabled, @DefaultValue Server server,
		@DefaultValue Auth auth, @DefaultValue @NestedConfigurationProperty ProtoSettings proto, @DefaultValue Logging logging, @DefaultValue Users users,
		@DefaultValue Monitor monitor, @DefaultValue Admin admin, @DefaultValue ReadOnly readOnly, @DefaultValue Fleet fleet,
		@DefaultValue Validation validation, @DefaultValue Events events, @DefaultValue @NestedConfigurationProperty ClientSettings client,
		@DefaultValue Metrics metrics, @DefaultValue @NestedConfigurationProperty WebSettings web,
		@DefaultValue @NestedConfigurationProperty RateLimitSettings rateLimit, @DefaultValue("true") boolean autoRegisterApps,
		@DefaultValue List<String> enabledApps, @DefaultValue List<String> customServices) {

	public CfgGrpcProperties {
		enabledApps = List.copyOf(enabledApps);
		customServices = List.copyOf(customServices);
		if (enabled && !server.enabled()) {
			throw new CfgGrpcConfigException(
					"Invalid value for cfg.grpc.server.enabled: 'false' while cfg.grpc.enabled is 'true'. Allowed: "
							+ "the server enabled whenever gRPC is enabled.",
					"Set cfg.grpc.server.enabled=true, or cfg.grpc.enabled=false to turn gRPC off.");
		}
	}

	/**
	 * The gRPC server.
	 *
	 * @param enabled whether the server runs; must stay `true` while `cfg.grpc.enabled` is
	 * @param host address to listen on; `[::]`, `::`, `0.0.0.0` and `*` mean
	 * every interface
	 * @param port port to listen on: 0 (a free port, for tests) or 1024 to 65535
	 * @param maxWorkers size of the thread pool that runs service code, 1 to 1000
	 * @param virtualThreads run service code on virtual threads (Java 21 or newer) instead of the pool;
	 * unset means the value of `spring.threads.virtual.enabled`
	 * @param enableReflection serve gRPC reflection, both `grpc.reflection.v1` and
	 * `v1alpha`, so grpcurl and buf curl can list and call services
	 * @param enableHealthCheck serve `grpc.health.v1` with a status for every service
	 * @param compression compress responses with this encoding when the client accepts it:
	 * `gzip` or `deflate`; unset means no compression
	 * @param maxSendMessageLength largest response message; a larger one ends the call with
	 * RESOURCE_EXHAUSTED. 1KB to 100MB
	 * @param maxReceiveMessageLength largest request message; a larger one ends the call with
	 * RESOURCE_EXHAUSTED. 1KB to 100MB
	 * @param keepaliveTime how long a connection may stay silent before the server pings it, at least 1s
	 * @param keepaliveTimeout how long the server waits for a ping's answer before closing the
	 * connection, at least 1s
	 * @param shutdownGracePeriod how long calls in flight may run on after shutdown starts, 0s to 1h
	 * @param interceptors class names of `io.grpc.ServerInterceptor`s run after the built-in
	 * ones, in this order; they are created as Spring beans, so constructor injection works
	 * @param tls TLS and client certificates
	 * @param trustedProxies addresses or CIDR ranges of proxies (load balancers) whose
	 * `x-forwarded-for` and `x-real-ip` headers name the client; from any other address those
	 * headers are ignored
	 * @param maxConnectionAge how long a connection may live: past it the server sends GOAWAY and
	 * the client opens a new one (which lets a load balancer spread long-lived clients); unset
	 * means for ever, else at least 1s
	 * @param maxConnectionAgeGrace how long calls in flight on a connection past its age may run on
	 * before it is closed, 0s to 1h
	 * @param maxConnectionIdle how long a connection without calls stays open; unset means for
	 * ever, else at least 1s
	 * @param maxConcurrentCallsPerConnection calls one connection may have open at once; more wait
	 * until one ends (HTTP/2's stream limit); unset means no limit, else 1 to 1000000
	 * @param permitKeepaliveTime the shortest interval between a client's keepalive pings the
	 * server accepts; a client pinging more often is sent GOAWAY ("too_many_pings"), 0s or more
	 * @param permitKeepaliveWithoutCalls whether a client may ping a connection that has no call
	 * @param maxInboundMetadataSize largest headers (or trailers) a call may send, 1KB to 1MB; more
	 * ends the call with RESOURCE_EXHAUSTED
	 */
	public record Server(@DefaultValue("true") boolean enabled, @DefaultValue("[::]") String host,
			@DefaultValue("50051") int port, @DefaultValue("10") int maxWorkers, Boolean virtualThreads,
			@DefaultValue("true") boolean enableReflection, @DefaultValue("true") boolean enableHealthCheck,
			String compression, @DefaultValue("4MB") DataSize maxSendMessageLength,
			@DefaultValue("4MB") DataSize maxReceiveMessageLength, @DefaultValue("2h") Duration keepaliveTime,
			@DefaultValue("20s") Duration keepaliveTimeout, @DefaultValue("30s") Duration shutdownGracePeriod,
			@DefaultValue List<String> interceptors, @DefaultValue @NestedConfigurationProperty ServerTlsSettings tls,
			@DefaultValue List<String> trustedProxies, Duration maxConnectionAge,
			@DefaultValue("30s") Duration maxConnectionAgeGrace, Duration maxConnectionIdle,
			Integer maxConcurrentCallsPerConnection, @DefaultValue("5m") Duration permitKeepaliveTime,
			@DefaultValue("false") boolean permitKeepaliveWithoutCalls,
			@DefaultValue("8KB") DataSize maxInboundMetadataSize) {

		/** Encodings {@code compression} accepts. */
		public static final List<String> COMPRESSIONS = List.of("gzip", "deflate");

		private static final String PREFIX = "cfg.grpc.server.";

		public Server {
			Allowed.notBlank(PREFIX + "host", host);
			host = host.strip();
			if (port != 0) {
				if (port < 1024 || port > 65535) {
					throw CfgGrpcConfigException.invalidValue(PREFIX + "port", port,
							"0 (any free port) or an integer from 1024 to 65535");
				}
			}
			Allowed.intRange(PREFIX + "max-workers", maxWorkers, 1, 1000);
			if (compression != null && !compression.isBlank()) {
				Allowed.oneOf(PREFIX + "compression", compression, COMPRESSIONS);
			}
			else {
				compression = null;
			}
			DataSize min = DataSize.ofKilobytes(1);
			DataSize max = DataSize.ofMegabytes(100);
			Allowed.size(PREFIX + "max-send-message-length", maxSendMessageLength, min, max);
			Allowed.size(PREFIX + "max-receive-message-length", maxReceiveMessageLength, min, max);
			Allowed.atLeast(PREFIX + "keepalive-time", keepaliveTime, Duration.ofSeconds(1));
			Allowed.atLeast(PREFIX + "keepalive-timeout", keepaliveTimeout, Duration.ofSeconds(1));
			Allowed.durationRange(PREFIX + "shutdown-grace-period", shutdownGracePeriod, Duration.ZERO,
					Duration.ofHours(1));
			if (maxConnectionAge != null) {
				Allowed.atLeast(PREFIX + "max-connection-age", maxConnectionAge, Duration.ofSeconds(1));
			}
			Allowed.durationRange(PREFIX + "max-connection-age-grace", maxConnectionAgeGrace, Duration.ZERO,
					Duration.ofHours(1));
			if (maxConnectionIdle != null) {
				Allowed.atLeast(PREFIX + "max-connection-idle", maxConnectionIdle, Duration.ofSeconds(1));
			}
			if (maxConcurrentCallsPerConnection != null) {
				Allowed.intRange(PREFIX + "max-concurrent-calls-per-connection", maxConcurrentCallsPerConnection, 1,
						1_000_000);
			}
			Allowed.atLeast(PREFIX + "permit-keepalive-time", permitKeepaliveTime, Duration.ZERO);
			Allowed.size(PREFIX + "max-inbound-metadata-size", maxInboundMetadataSize, DataSize.ofKilobytes(1),
					DataSize.ofMegabytes(1));
			interceptors = List.copyOf(interceptors);
			trustedProxies = List.copyOf(trustedProxies);
			for (String proxy : trustedProxies) {
				if (!AddressRange.isValid(proxy)) {
					throw CfgGrpcConfigException.invalidValue(PREFIX + "trusted-proxies", proxy,
							"IP addresses or CIDR ranges such as 10.0.0.0/8 or fd00::/8");
				}
			}
		}

		/**
		 * Whether a host setting means every interface.
		 * @param host a value of {@code cfg.grpc.server.host}
		 * @return true for {@code [::]}, {@code ::}, {@code 0.0.0.0}, {@code *} and the like
		 */
		public static boolean isWildcardHost(String host) {
			return List.of("[::]", "::", "0.0.0.0", "*", "0:0:0:0:0:0:0:0").contains(host.strip());
		}

	}

	/**
	 * Authentication of calls with JWTs and API keys tied to application users.
	 *
	 * @param enabled check credentials on incoming calls
	 * @param requireAuth reject calls without a valid credential, except `public-methods`
	 * @param tokenHeader metadata key that carries the token, matched case-insensitively
	 * @param tokenPrefix prefix before the token, followed by one space; empty means the whole value
	 * @param jwtSecretKey key for HS* signatures, at least as many bytes as the hash has bits / 8
	 * (32 for HS256); unset means `cfg.secret-key`
	 * @param jwtAlgorithm signature algorithm: HS256, HS384, HS512, RS256, RS384, RS512, ES256, ES384
	 * or ES512
	 * @param jwtPublicKey for RS* and ES*: the public key as PEM text, or a resource location
	 * (`file:...`, `classpath:...`) of a PEM file
	 * @param jwtJwkSetUri for RS* and ES*: a JWK set URI to fetch public keys from, instead of
	 * `jwt-public-key`
	 * @param jwtIssuer when set, tokens must carry this `iss`
	 * @param jwtAudience when set, tokens must carry this `aud`
	 * @param jwtVerifyExp reject expired tokens
	 * @param jwtLeeway clock skew allowed when checking expiry
	 * @param userIdClaim claim that carries the user id
	 * @param publicMethods full method names (`package.Service/Method`) that need no credential;
	 * health is always public
	 * @param publicReflection whether reflection needs no credential
	 * @param userCacheTtl how long a resolved caller is reused before the user is looked up again;
	 * 0s turns the cache off
	 * @param accessTokenLifetime lifetime of access tokens cfg-grpc issues
	 * @param refreshTokenLifetime lifetime of refresh tokens cfg-grpc issues
	 * @param apiKeyHeader metadata key that carries an API key
	 * @param loginMaxFailures failed logins at `/cfg/auth/token/` allowed per username and per client
	 * address within `login-failure-window`; more get HTTP 429
	 * @param loginFailureWindow how long a failed login counts
	 */
	public record Auth(@DefaultValue("true") boolean enabled, @DefaultValue("true") boolean requireAuth,
			@DefaultValue("authorization") String tokenHeader, @DefaultValue("Bearer") String tokenPrefix,
			String jwtSecretKey, @DefaultValue("HS256") String jwtAlgorithm, String jwtPublicKey, String jwtJwkSetUri,
			String jwtIssuer, String jwtAudience, @DefaultValue("true") boolean jwtVerifyExp,
			@DefaultValue("0s") Duration jwtLeeway, @DefaultValue("user_id") String userIdClaim,
			@DefaultValue({ "grpc.health.v1.Health/Check", "grpc.health.v1.Health/Watch" }) List<String> publicMethods,
			@DefaultValue("true") boolean publicReflection, @DefaultValue("10s") Duration userCacheTtl,
			@DefaultValue("5m") Duration accessTokenLifetime, @DefaultValue("1d") Duration refreshTokenLifetime,
			@DefaultValue("x-api-key") String apiKeyHeader, @DefaultValue("5") int loginMaxFailures,
			@DefaultValue("5m") Duration loginFailureWindow) {

		/** Algorithms {@code jwt-algorithm} accepts. */
		public static final List<String> ALGORITHMS = List.of("HS256", "HS384", "HS512", "RS256", "RS384", "RS512",
				"ES256", "ES384", "ES512");

		private static final String PREFIX = "cfg.grpc.auth.";

		public Auth {
			Allowed.notBlank(PREFIX + "token-header", tokenHeader);
			tokenHeader = tokenHeader.strip().toLowerCase(java.util.Locale.ROOT);
			tokenPrefix = (tokenPrefix != null) ? tokenPrefix.strip() : "";
			Allowed.oneOf(PREFIX + "jwt-algorithm", jwtAlgorithm, ALGORITHMS);
			Allowed.atLeast(PREFIX + "jwt-leeway", jwtLeeway, Duration.ZERO);
			Allowed.notBlank(PREFIX + "user-id-claim", userIdClaim);
			Allowed.atLeast(PREFIX + "user-cache-ttl", userCacheTtl, Duration.ZERO);
			Allowed.atLeast(PREFIX + "access-token-lifetime", accessTokenLifetime, Duration.ofSeconds(1));
			Allowed.atLeast(PREFIX + "refresh-token-lifetime", refreshTokenLifetime, Duration.ofSeconds(1));
			Allowed.notBlank(PREFIX + "api-key-header", apiKeyHeader);
			apiKeyHeader = apiKeyHeader.strip().toLowerCase(java.util.Locale.ROOT);
			Allowed.intRange(PREFIX + "login-max-failures", loginMaxFailures, 1, 1000);
			Allowed.durationRange(PREFIX + "login-failure-window", loginFailureWindow, Duration.ofSeconds(1),
					Duration.ofDays(1));
			publicMethods = publicMethods.stream().map((m) -> m.strip().replaceFirst("^/", "")).toList();
			if (!jwtAlgorithm.startsWith("HS") && isBlank(jwtPublicKey) && isBlank(jwtJwkSetUri)) {
				throw CfgGrpcConfigException.invalidValue(PREFIX + "jwt-algorithm", jwtAlgorithm,
						"an HS* algorithm, or " + jwtAlgorithm + " together with " + PREFIX + "jwt-public-key or "
								+ PREFIX + "jwt-jwk-set-uri");
			}
		}

		/**
		 * Whether tokens are signed with a shared secret (HS*).
		 * @return true for HS256, HS384 and HS512
		 */
		public boolean usesSharedSecret() {
			return this.jwtAlgorithm.startsWith("HS");
		}

		private static boolean isBlank(String value) {
			return value == null || value.isBlank();
		}

	}

	/**
	 * The request log: one row per call in {@code cfg_grpc_request_log}, written in batches in the
	 * background so calls never wait for the database.
	 *
	 * @param enabled write the request log
	 * @param console log one line per call (unset: on in the `dev` profile only)
	 * @param queueCapacity records waiting to be written at most; beyond it new records are dropped
	 * and counted (while the database is slow or down)
	 * @param batchSize records a writer takes from the queue and writes in one transaction at most
	 * (as multi-row inserts of up to 200 rows each, or one COPY on PostgreSQL)
	 * @param logRequestData store request messages as protobuf JSON
	 * @param logResponseData store response messages as protobuf JSON
	 * @param maxDataLength characters of stored message JSON at most; longer is cut
	 * @param redactFields message fields (at any depth) whose values are replaced by `"[redacted]"`:
	 * names, or patterns where `*` stands for any characters (`*password*` also matches
	 * `new_password`), ignoring case; fields marked `debug_redact` in the proto are redacted too
	 * @param sampleRate share of successful calls recorded, 0.0 to 1.0; errors are always recorded
	 * @param retention how long records are kept
	 * @param postgresCopy on PostgreSQL, write rows with COPY rather than multi-row inserts
	 * @param writers threads (each with a database connection) writing batches side by side, 1 to 16
	 * (unset: 2 on PostgreSQL, where the database works beside the writer, 1 on H2, which works in
	 * the writer's own thread)
	 * @param flushInterval how long a batch may wait to fill before it is written, 0s to 10s; 0s
	 * writes whatever is queued at once
	 */
	public record Logging(@DefaultValue("true") boolean enabled, Boolean console,
			@DefaultValue("50000") int queueCapacity, @DefaultValue("500") int batchSize,
			@DefaultValue("false") boolean logRequestData, @DefaultValue("false") boolean logResponseData,
			@DefaultValue("4096") int maxDataLength,
			@DefaultValue({ "*password*", "*passwd*", "*token*", "*secret*", "*key*", "authorization",
					"*credential*" }) List<String> redactFields,
			@DefaultValue("1.0") double sampleRate, @DefaultValue("30d") Duration retention,
			@DefaultValue("true") boolean postgresCopy, Integer writers,
			@DefaultValue("100ms") Duration flushInterval) {

		private static final String PREFIX = "cfg.grpc.logging.";

		public Logging {
			Allowed.intRange(PREFIX + "queue-capacity", queueCapacity, 100, 10_000_000);
			Allowed.intRange(PREFIX + "batch-size", batchSize, 1, 10_000);
			Allowed.intRange(PREFIX + "max-data-length", maxDataLength, 64, 10_000_000);
			Allowed.durationRange(PREFIX + "flush-interval", flushInterval, Duration.ZERO, Duration.ofSeconds(10));
			if (writers != null) {
				Allowed.intRange(PREFIX + "writers", writers, 1, 16);
			}
			if (!(sampleRate >= 0.0 && sampleRate <= 1.0)) {
				throw CfgGrpcConfigException.invalidValue(PREFIX + "sample-rate", sampleRate, "a number from 0.0 to 1.0");
			}
			Allowed.atLeast(PREFIX + "retention", retention, Duration.ofMinutes(1));
			redactFields = redactFields.stream().map((f) -> f.strip().toLowerCase(java.util.Locale.ROOT)).toList();
		}

	}

	/**
	 * The built-in user store ({@code cfg_user}, groups, permissions, API keys) and the HTTP token
	 * endpoints over it.
	 *
	 * @param enabled keep users in cfg-grpc's tables; `false` when the application declares its own
	 * `UserResolver` and needs neither API keys nor the token endpoints
	 */
	public record Users(@DefaultValue("true") boolean enabled) {
	}

	/**
	 * The monitoring REST API at {@code /cfg/grpc/monitor/}, for staff.
	 *
	 * @param enabled serve the API (when the application serves HTTP)
	 */
	public record Monitor(@DefaultValue("true") boolean enabled) {
	}

	/**
	 * The admin web pages: dashboard, request log, services and try-it, API keys, users.
	 *
	 * @param enabled serve the admin (when the application serves HTTP)
	 * @param path where the admin is served, for example `/admin`: a slash and letters, digits,
	 * `-`, `_` or further slashes, no trailing slash
	 */
	public record Admin(@DefaultValue("true") boolean enabled, @DefaultValue("/admin") String path) {

		public Admin {
			if (path == null || !path.matches("(/[A-Za-z0-9_-]+)+")) {
				throw CfgGrpcConfigException.invalidValue("cfg.grpc.admin.path", path,
						"a path such as /admin: a slash and letters, digits, '-' or '_', no trailing slash");
			}
		}

	}

	/**
	 * Request validation with protovalidate: every request message is checked against the
	 * {@code buf.validate} rules of its {@code .proto} before the service sees it, and a violation
	 * ends the call with INVALID_ARGUMENT and {@code google.rpc.BadRequest} details. Needs
	 * {@code build.buf:protovalidate} on the class path.
	 *
	 * @param enabled check requests (when protovalidate is on the class path)
	 */
	public record Validation(@DefaultValue("true") boolean enabled) {
	}

	/**
	 * A {@code CallCompleted} application event for every call the server ends, delivered on a
	 * thread of its own, never on the call's.
	 *
	 * @param enabled publish the events
	 */
	public record Events(@DefaultValue("true") boolean enabled) {
	}

	/**
	 * How calls to {@code ReadOnlyService}s are kept from writing. They always run in a transaction
	 * that is rolled back.
	 *
	 * @param guardDataSources wrap every `DataSource` bean so that it refuses write statements
	 * during such calls, which then end with FAILED_PRECONDITION "Read-only service"; `false` leaves
	 * the data sources unwrapped, and a write is then silently rolled back instead of refused
	 */
	public record ReadOnly(@DefaultValue("true") boolean guardDataSources) {
	}

	/**
	 * The server instance table ({@code cfg_grpc_server_instance}): every running server keeps a
	 * row with a heartbeat; a row whose heartbeat stops is reported once, by another or the next
	 * instance, with how much of the request log its end may have cut short.
	 *
	 * @param enabled keep the table (when the application has a database)
	 * @param heartbeatInterval how often a running instance writes its heartbeat, 1s to 10m
	 * @param staleAfter how old a heartbeat may be before its instance is reported lost; at least
	 * twice `heartbeat-interval`
	 */
	public record Fleet(@DefaultValue("true") boolean enabled, @DefaultValue("5s") Duration heartbeatInterval,
			@DefaultValue("30s") Duration staleAfter) {

		public Fleet {
			Allowed.durationRange("cfg.grpc.fleet.heartbeat-interval", heartbeatInterval, Duration.ofSeconds(1),
					Duration.ofMinutes(10));
			Allowed.atLeast("cfg.grpc.fleet.stale-after", staleAfter, heartbeatInterval.multipliedBy(2));
		}

	}

	/**
	 * Which meters are kept.
	 *
	 * @param observationTimers keep Spring Boot's own timers of gRPC calls (`grpc.server`,
	 * `grpc.client` and their `.active` gauges) beside cfg-grpc's `grpc.server.call.*` and
	 * `grpc.client.call.*`, which say the same and more
	 */
	public record Metrics(@DefaultValue("false") boolean observationTimers) {
	}

}
