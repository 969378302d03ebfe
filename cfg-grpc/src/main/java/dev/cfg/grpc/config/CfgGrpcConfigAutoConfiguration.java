package dev.cfg.grpc.config;

import java.lang.reflect.RecordComponent;
import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Binds and checks {@code cfg.grpc.*}. Fails startup, naming the properties involved, when a value
 * is out of range, when a server setting is given both as {@code cfg.grpc.server.*} and as
 * {@code spring.grpc.server.*} with different values, or when a setting whose feature has not
 * landed yet is changed from its default. Always on: the settings are checked even when
 * {@code cfg.grpc.enabled=false} turns everything else off.
 */
@AutoConfiguration
@EnableConfigurationProperties(CfgGrpcProperties.class)
public final class CfgGrpcConfigAutoConfiguration {

	@Bean
	CfgGrpcSettingsCheck cfgGrpcSettingsCheck(CfgGrpcProperties properties, Environment environment) {
		List<String> conflicts = ServerSettingsBridge.conflicts(environment);
		if (!conflicts.isEmpty()) {
			throw new CfgGrpcConfigException("Conflicting settings: " + String.join("; ", conflicts) + ".",
					"Set each setting once, preferably under cfg.grpc.server.");
		}
		CfgGrpcProperties defaults = defaults();
		// genproto reads every setting but field-naming, which arrives with it later.
		rejectChanged("cfg.grpc.proto.", properties.proto(), defaults.proto(),
				java.util.Set.of("outputDir", "packagePrefix", "autoGenerate", "includeServices", "entities"),
				"a later version of genproto");
		return new CfgGrpcSettingsCheck();
	}

	/** Marker bean: its presence means the settings were checked. */
	static final class CfgGrpcSettingsCheck {

	}

	static CfgGrpcProperties defaults() {
		return new Binder(new MapConfigurationPropertySource()).bindOrCreate("cfg.grpc",
				Bindable.of(CfgGrpcProperties.class));
	}

	private static void rejectChanged(String prefix, Record actual, Record defaults, java.util.Set<String> supported,
			String feature) {
		for (RecordComponent component : actual.getClass().getRecordComponents()) {
			if (supported.contains(component.getName())) {
				continue;
			}
			Object value = read(component, actual);
			if (!java.util.Objects.equals(value, read(component, defaults))) {
				String key = prefix + kebab(component.getName());
				throw new CfgGrpcConfigException(
						key + " is not supported yet: it arrives with " + feature + " (value given: '" + value + "').",
						"Remove " + key + " from your configuration.");
			}
		}
	}

	private static Object read(RecordComponent component, Record record) {
		try {
			return component.getAccessor().invoke(record);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String kebab(String camel) {
		return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
	}

}
