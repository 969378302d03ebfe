package dev.cfg.grpc.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.Ordered;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.util.ClassUtils;
import org.springframework.util.unit.DataSize;

import dev.cfg.grpc.config.internal.AddressRange;

/**
 * Applies {@code cfg.grpc.*} settings to Spring Boot's gRPC server and client by writing the
 * matching {@code spring.grpc.server.*} and {@code spring.grpc.client.channel.<name>.*} properties
 * into a property source of their own. A channel's per-method deadlines and retries become
 * entries of its gRPC service config, one per service or method named. It runs after the
 * application's configuration is loaded and never fails: an invalid value is reported when
 * {@link CfgGrpcProperties} is bound, and a disagreement between the two names by
 * {@link #conflicts(Environment)}, both with a clear message.
 */
final class SettingsBridge implements EnvironmentPostProcessor, Ordered {

	/** Name of the property source this bridge adds. */
	public static final String PROPERTY_SOURCE_NAME = "cfgGrpcServerSettings";

	/**
	 * The trace and span ids of the call a line was logged in, in brackets, or nothing (Logback's
	 * pattern language: the bracket with neither id, four characters, is replaced by nothing).
	 */
	static final String CORRELATION_PATTERN = "%replace([%X{traceId:-}-%X{spanId:-}] ){'^.-. $', ''}";

	/** Name of the property source of defaults, which every other source overrides. */
	public static final String DEFAULTS_SOURCE_NAME = "cfgGrpcDefaults";

	/** Whether Logback is there, whose pattern language {@link #CORRELATION_PATTERN} is written in. */
	private static final boolean LOGBACK = ClassUtils.isPresent("ch.qos.logback.classic.LoggerContext",
			SettingsBridge.class.getClassLoader());

	/** The defaults this bridge gives other libraries' settings; every setting of the application wins. */
	static Map<String, Object> defaults(Environment environment) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		// Generated gRPC base classes have a final bindService(), which class-based proxies (for
		// @Transactional) cannot override; Spring warns once per service. The final method runs on
		// the proxy and binds the proxy, so transactions apply: the warning is a false alarm.
		defaults.put("logging.level.org.springframework.aop.framework.CglibAopProxy", "error");
		// The monitoring API's OpenAPI document is served on purpose (staff only, see
		// docs/monitoring.md); said so, springdoc does not warn on every start that its documents
		// are on by default. springdoc.api-docs.enabled=false turns them off.
		defaults.put("springdoc.api-docs.enabled", "true");
		if (LOGBACK && environment.getProperty("org.springframework.boot.logging.LoggingSystem") == null) {
			// A line logged inside a call shows [trace id-span id]; one logged outside a call shows
			// nothing there, instead of Boot's blank bracket kept wide enough for the ids. The
			// pattern is Logback's: another logging system keeps Boot's.
			defaults.put("logging.pattern.correlation", CORRELATION_PATTERN);
		}
		return defaults;
	}

	/**
	 * One setting known under both names. {@code cfgDefault} is written when neither is set, and
	 * only where our default differs from Boot's; elsewhere Boot's default already agrees.
	 */
	record Mapping(String cfgKey, String springKey, Class<?> type, String cfgDefault) {
	}

	static final List<Mapping> MAPPINGS = List.of(
			new Mapping("cfg.grpc.enabled", "spring.grpc.server.enabled", Boolean.class, null),
			new Mapping("cfg.grpc.server.host", "spring.grpc.server.address", InetAddress.class, null),
			// The only default that differs from Boot's (9090): the reference's 50051.
			new Mapping("cfg.grpc.server.port", "spring.grpc.server.port", Integer.class, "50051"),
			new Mapping("cfg.grpc.server.enable-reflection", "spring.grpc.server.reflection.enabled", Boolean.class,
					null),
			new Mapping("cfg.grpc.server.enable-health-check", "spring.grpc.server.health.enabled", Boolean.class,
					null),
			new Mapping("cfg.grpc.server.max-receive-message-length", "spring.grpc.server.inbound.message.max-size",
					DataSize.class, null),
			new Mapping("cfg.grpc.server.keepalive-time", "spring.grpc.server.keepalive.time", Duration.class, null),
			new Mapping("cfg.grpc.server.keepalive-timeout", "spring.grpc.server.keepalive.timeout", Duration.class,
					null),
			new Mapping("cfg.grpc.server.shutdown-grace-period", "spring.grpc.server.shutdown.grace-period",
					Duration.class, null),
			new Mapping("cfg.grpc.server.max-connection-age", "spring.grpc.server.keepalive.connection.max-age",
					Duration.class, null),
			new Mapping("cfg.grpc.server.max-connection-age-grace",
					"spring.grpc.server.keepalive.connection.grace-period", Duration.class, null),
			new Mapping("cfg.grpc.server.max-connection-idle", "spring.grpc.server.keepalive.connection.max-idle-time",
					Duration.class, null),
			new Mapping("cfg.grpc.server.permit-keepalive-time", "spring.grpc.server.keepalive.permit.time",
					Duration.class, null),
			new Mapping("cfg.grpc.server.permit-keepalive-without-calls",
					"spring.grpc.server.keepalive.permit.without-calls", Boolean.class, null),
			new Mapping("cfg.grpc.server.max-inbound-metadata-size", "spring.grpc.server.inbound.metadata.max-size",
					DataSize.class, null));

	@Override
	public int getOrder() {
		// After the application's own configuration files have been loaded.
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> values = new LinkedHashMap<>();
		for (Mapping mapping : MAPPINGS) {
			String cfgValue = explicitValue(environment, mapping.cfgKey());
			String springValue = explicitValue(environment, mapping.springKey());
			String value = (cfgValue != null) ? cfgValue : (springValue == null) ? mapping.cfgDefault() : null;
			if (value == null) {
				continue;
			}
			if (mapping.type() == InetAddress.class && CfgGrpcProperties.Server.isWildcardHost(value)) {
				// Boot listens on every interface when no address is set.
				continue;
			}
			values.put(mapping.springKey(), value);
		}
		channels(environment).forEach((name, channel) -> values.putAll(channelValues(name, channel)));
		derived(environment).values().forEach(values::putAll);
		environment.getPropertySources().remove(PROPERTY_SOURCE_NAME);
		environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, values));
		environment.getPropertySources().remove(DEFAULTS_SOURCE_NAME);
		environment.getPropertySources().addLast(new MapPropertySource(DEFAULTS_SOURCE_NAME, defaults(environment)));
	}

	/**
	 * Settings given under both names with different values.
	 * @param environment the application's environment
	 * @return one line per conflict, naming both properties and their values; empty when none
	 */
	public static List<String> conflicts(Environment environment) {
		List<String> conflicts = new ArrayList<>();
		for (Mapping mapping : MAPPINGS) {
			String cfgValue = explicitValue(environment, mapping.cfgKey());
			String springValue = explicitValue(environment, mapping.springKey());
			if (cfgValue != null && springValue != null && !sameValue(mapping.type(), cfgValue, springValue)) {
				conflicts.add(mapping.cfgKey() + "='" + cfgValue + "' and " + mapping.springKey() + "='" + springValue
						+ "' set the same thing to different values");
			}
		}
		derived(environment).forEach((cfgKey, written) -> conflicts.addAll(conflicts(environment, cfgKey, written)));
		channels(environment).forEach((name, channel) -> {
			Map<String, String> written = channelValues(name, channel);
			for (ChannelMapping mapping : CHANNEL_MAPPINGS) {
				String springKey = CLIENT_PREFIX + name + "." + mapping.springName();
				String cfgValue = written.get(springKey);
				String springValue = explicitValue(environment, springKey);
				if (cfgValue != null && springValue != null && !sameValue(mapping.type(), cfgValue, springValue)) {
					conflicts.add("cfg.grpc.client.channels." + name + "." + mapping.cfgName() + "='" + cfgValue
							+ "' and " + springKey + "='" + springValue + "' set the same thing to different values");
				}
			}
			boolean cfgServiceConfig = written.keySet().stream().anyMatch((key) -> key.contains(".service-config."));
			if (cfgServiceConfig && hasDescendants(environment, CLIENT_PREFIX + name + ".service-config")) {
				conflicts.add("cfg.grpc.client.channels." + name + ".method-deadlines/retry and " + CLIENT_PREFIX + name
						+ ".service-config both configure the channel's service config; use one of them");
			}
		});
		return conflicts;
	}

	/**
	 * The Boot properties written from one cfg setting each (rather than one key for one key), by
	 * that setting's key.
	 */
	private static Map<String, Map<String, String>> derived(Environment environment) {
		Map<String, Map<String, String>> derived = new LinkedHashMap<>();
		derived.put("cfg.grpc.server.tls", tlsValues(serverTls(environment)));
		derived.put("cfg.grpc.server.trusted-proxies", forwardedValues(trustedProxies(environment)));
		return derived;
	}

	/** Boot properties written from one cfg setting that the application also set, differently. */
	private static List<String> conflicts(Environment environment, String cfgKey, Map<String, String> written) {
		List<String> conflicts = new ArrayList<>();
		written.forEach((springKey, cfgValue) -> {
			String springValue = explicitValue(environment, springKey);
			if (springValue != null && !springValue.strip().equalsIgnoreCase(cfgValue)) {
				conflicts.add(cfgKey + " and " + springKey + "='" + springValue
						+ "' set the same thing to different values (" + cfgKey + " means '" + cfgValue + "')");
			}
		});
		return conflicts;
	}

	private static final String CLIENT_PREFIX = "spring.grpc.client.channel.";

	/** Tomcat's valve that reads the client's address from a trusted proxy's headers. */
	private static final String REMOTE_IP_VALVE = "org.apache.catalina.valves.RemoteIpValve";

	/**
	 * The trusted proxies as written, or none when one of them is not an address or a range:
	 * binding {@link CfgGrpcProperties} reports that later, with the key.
	 */
	private static List<String> trustedProxies(Environment environment) {
		try {
			List<String> proxies = Binder.get(environment)
				.bind("cfg.grpc.server.trusted-proxies", Bindable.listOf(String.class))
				.orElse(List.of());
			return proxies.stream().allMatch(AddressRange::isValid) ? proxies : List.of();
		}
		catch (RuntimeException ex) {
			return List.of();
		}
	}

	/**
	 * The Spring Boot properties that make the HTTP side (Tomcat) take the client's address from
	 * {@code X-Forwarded-For} on connections from the same proxies the gRPC server trusts, read
	 * from its end as there. Written only where Tomcat serves: Boot's native strategy on another
	 * server would trust every sender.
	 */
	static Map<String, String> forwardedValues(List<String> trustedProxies) {
		if (trustedProxies.isEmpty()
				|| !ClassUtils.isPresent(REMOTE_IP_VALVE, SettingsBridge.class.getClassLoader())) {
			return Map.of();
		}
		// Tomcat reads the list as CIDR ranges, not as a regular expression, when it has a slash.
		String ranges = String.join(",",
				AddressRange.parseAll(trustedProxies).stream().map(AddressRange::toString).toList());
		return Map.of("server.forward-headers-strategy", "native", "server.tomcat.remoteip.internal-proxies", ranges);
	}

	/** The SSL bundle made of the PEM files named under {@code cfg.grpc.server.tls}. */
	public static final String SERVER_BUNDLE = "cfg-grpc-server";

	private static ServerTlsSettings serverTls(Environment environment) {
		try {
			return Binder.get(environment)
				.bind("cfg.grpc.server.tls", ServerTlsSettings.class)
				.orElse(null);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * The Spring Boot properties of the server's TLS: a PEM bundle of the files, or the named
	 * bundle, and the client-certificate mode.
	 */
	static Map<String, String> tlsValues(ServerTlsSettings tls) {
		if (tls == null || !tls.enabled()) {
			return Map.of();
		}
		Map<String, String> values = new LinkedHashMap<>();
		String bundle = (tls.bundle() != null) ? tls.bundle() : SERVER_BUNDLE;
		if (tls.certificate() != null) {
			String pem = "spring.ssl.bundle.pem." + SERVER_BUNDLE + ".";
			values.put(pem + "keystore.certificate", tls.certificate());
			values.put(pem + "keystore.private-key", tls.privateKey());
			if (tls.trustCertificate() != null) {
				values.put(pem + "truststore.certificate", tls.trustCertificate());
			}
		}
		values.put("spring.grpc.server.ssl.enabled", "true");
		values.put("spring.grpc.server.ssl.bundle", bundle);
		values.put("spring.grpc.server.ssl.client-auth", tls.clientAuth().toUpperCase(java.util.Locale.ROOT));
		return values;
	}

	/** A channel setting known under both names, relative to the channel's own prefix. */
	record ChannelMapping(String cfgName, String springName, Class<?> type,
			java.util.function.Function<ClientSettings.Channel, Object> value) {
	}

	static final List<ChannelMapping> CHANNEL_MAPPINGS = List.of(
			new ChannelMapping("target", "target", String.class, ClientSettings.Channel::target),
			new ChannelMapping("deadline", "default.deadline", Duration.class, ClientSettings.Channel::deadline),
			new ChannelMapping("keepalive-time", "keepalive.time", Duration.class,
					ClientSettings.Channel::keepaliveTime),
			new ChannelMapping("keepalive-timeout", "keepalive.timeout", Duration.class,
					ClientSettings.Channel::keepaliveTimeout),
			new ChannelMapping("max-receive-message-length", "inbound.message.max-size", DataSize.class,
					ClientSettings.Channel::maxReceiveMessageLength),
			new ChannelMapping("user-agent", "user-agent", String.class, ClientSettings.Channel::userAgent),
			new ChannelMapping("tls.enabled", "ssl.enabled", Boolean.class, (channel) -> channel.tls().on()),
			new ChannelMapping("tls.bundle", "ssl.bundle", String.class, (channel) -> channel.tls().bundle()));

	/**
	 * The channels configured under {@code cfg.grpc.client.channels}, or none when they do not bind:
	 * binding {@link CfgGrpcProperties} reports that later, with the key.
	 */
	static Map<String, ClientSettings.Channel> channels(Environment environment) {
		try {
			return Binder.get(environment)
				.bind("cfg.grpc.client", ClientSettings.class)
				.map(ClientSettings::channels)
				.orElse(Map.of());
		}
		catch (RuntimeException ex) {
			return Map.of();
		}
	}

	/** The {@code spring.grpc.client.channel.<name>.*} properties of one channel. */
	static Map<String, String> channelValues(String name, ClientSettings.Channel channel) {
		String prefix = CLIENT_PREFIX + name + ".";
		Map<String, String> values = new LinkedHashMap<>();
		for (ChannelMapping mapping : CHANNEL_MAPPINGS) {
			Object value = mapping.value().apply(channel);
			if (value != null) {
				values.put(prefix + mapping.springName(), value.toString());
			}
		}
		int index = 0;
		for (String method : configuredMethods(channel)) {
			String entry = prefix + "service-config.method[" + index++ + "].";
			int slash = method.indexOf('/');
			values.put(entry + "name[0].service", (slash < 0) ? method : method.substring(0, slash));
			if (slash >= 0) {
				values.put(entry + "name[0].method", method.substring(slash + 1));
			}
			Duration deadline = closest(channel.methodDeadlines(), method);
			if (deadline != null) {
				values.put(entry + "timeout", deadline.toString());
			}
			ClientSettings.Retry retry = channel.retry();
			if (retry.methods().contains(method) || (slash >= 0 && retry.methods().contains(method.substring(0, slash)))) {
				values.put(entry + "retry.max-attempts", Integer.toString(retry.maxAttempts()));
				values.put(entry + "retry.initial-backoff", retry.initialBackoff().toString());
				values.put(entry + "retry.max-backoff", retry.maxBackoff().toString());
				values.put(entry + "retry.backoff-multiplier", Double.toString(retry.backoffMultiplier()));
				for (int i = 0; i < retry.statusCodes().size(); i++) {
					values.put(entry + "retry.retryable-status-codes[" + i + "]", retry.statusCodes().get(i));
				}
			}
		}
		return values;
	}

	/**
	 * Every service and method named in the deadlines or the retries, once each: gRPC takes the
	 * entry of a method before the entry of its service, so a method entry repeats what its
	 * service's entry says of the other setting.
	 */
	private static java.util.SortedSet<String> configuredMethods(ClientSettings.Channel channel) {
		java.util.SortedSet<String> methods = new java.util.TreeSet<>(channel.methodDeadlines().keySet());
		methods.addAll(channel.retry().methods());
		return methods;
	}

	private static Duration closest(Map<String, Duration> deadlines, String method) {
		Duration own = deadlines.get(method);
		int slash = method.indexOf('/');
		return (own != null || slash < 0) ? own : deadlines.get(method.substring(0, slash));
	}

	private static boolean hasDescendants(Environment environment, String key) {
		if (!(environment instanceof ConfigurableEnvironment configurable)) {
			return false;
		}
		ConfigurationPropertyName name = ConfigurationPropertyName.of(key);
		for (PropertySource<?> source : configurable.getPropertySources()) {
			if (PROPERTY_SOURCE_NAME.equals(source.getName())
					|| ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)) {
				continue;
			}
			for (ConfigurationPropertySource adapted : ConfigurationPropertySources.from(source)) {
				if (adapted.containsDescendantOf(name) == ConfigurationPropertyState.PRESENT) {
					return true;
				}
			}
		}
		return false;
	}

	private static boolean sameValue(Class<?> type, String a, String b) {
		if (type == InetAddress.class) {
			boolean wildA = CfgGrpcProperties.Server.isWildcardHost(a);
			boolean wildB = CfgGrpcProperties.Server.isWildcardHost(b);
			if (wildA || wildB) {
				return wildA && wildB;
			}
		}
		try {
			ApplicationConversionService conversion = (ApplicationConversionService) ApplicationConversionService
				.getSharedInstance();
			return Objects.equals(conversion.convert(a.strip(), type), conversion.convert(b.strip(), type));
		}
		catch (ConversionException ex) {
			return a.strip().equals(b.strip());
		}
	}

	/**
	 * The value the application set for a property, under any relaxed spelling (kebab case, camel
	 * case, environment variable), ignoring what this bridge wrote.
	 */
	static String explicitValue(Environment environment, String key) {
		if (!(environment instanceof ConfigurableEnvironment configurable)) {
			return environment.getProperty(key);
		}
		List<PropertySource<?>> sources = new ArrayList<>();
		for (PropertySource<?> source : configurable.getPropertySources()) {
			if (!PROPERTY_SOURCE_NAME.equals(source.getName())
					&& !ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)) {
				sources.add(source);
			}
		}
		ConfigurationPropertyName name = ConfigurationPropertyName.of(key);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.from(sources)) {
			ConfigurationProperty property = source.getConfigurationProperty(name);
			if (property != null && property.getValue() != null) {
				return configurable.resolvePlaceholders(String.valueOf(property.getValue()));
			}
		}
		return null;
	}

}
