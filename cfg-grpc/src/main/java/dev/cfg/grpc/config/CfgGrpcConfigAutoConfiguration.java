package dev.cfg.grpc.config;

import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
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
		List<String> conflicts = SettingsBridge.conflicts(environment);
		if (!conflicts.isEmpty()) {
			throw new CfgGrpcConfigException("Conflicting settings: " + String.join("; ", conflicts) + ".",
					"Set each setting once, preferably under cfg.grpc.server.");
		}
		// genproto reads every cfg.grpc.proto setting but field-naming, which arrives with it later.
		String fieldNaming = properties.proto().fieldNaming();
		if (!fieldNaming.equals(ProtoSettings.SNAKE_CASE)) {
			String key = "cfg.grpc.proto.field-naming";
			throw new CfgGrpcConfigException(key + " is not supported yet: it arrives with a later version of genproto"
					+ " (value given: '" + fieldNaming + "').", "Remove " + key + " from your configuration.");
		}
		return new CfgGrpcSettingsCheck();
	}

	/** Marker bean: its presence means the settings were checked. */
	static final class CfgGrpcSettingsCheck {

	}

}
