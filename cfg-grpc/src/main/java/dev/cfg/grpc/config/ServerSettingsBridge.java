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
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.Ordered;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.util.unit.DataSize;

/**
 * Applies {@code cfg.grpc.*} server settings to Spring Boot's gRPC server by writing the matching
 * {@code spring.grpc.server.*} properties into a property source of their own. It runs after the
 * application's configuration is loaded and never fails: an invalid value is reported when
 * {@link CfgGrpcProperties} is bound, and a disagreement between the two names by
 * {@link #conflicts(Environment)}, both with a clear message.
 */
public final class ServerSettingsBridge implements EnvironmentPostProcessor, Ordered {

	/** Name of the property source this bridge adds. */
	public static final String PROPERTY_SOURCE_NAME = "cfgGrpcServerSettings";

	/** Name of the property source of defaults, which every other source overrides. */
	public static final String DEFAULTS_SOURCE_NAME = "cfgGrpcDefaults";

	/**
	 * Generated gRPC base classes have a final {@code bindService()}, which class-based proxies
	 * (for {@code @Transactional}) cannot override; Spring warns once per service. The final method
	 * runs on the proxy and binds the proxy, so transactions apply: the warning is a false alarm.
	 */
	private static final Map<String, Object> DEFAULTS = Map.of("logging.level.org.springframework.aop.framework.CglibAopProxy",
			"error");

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
					Duration.class, null));

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
		environment.getPropertySources().remove(PROPERTY_SOURCE_NAME);
		environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, values));
		environment.getPropertySources().remove(DEFAULTS_SOURCE_NAME);
		environment.getPropertySources().addLast(new MapPropertySource(DEFAULTS_SOURCE_NAME, DEFAULTS));
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
		return conflicts;
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
