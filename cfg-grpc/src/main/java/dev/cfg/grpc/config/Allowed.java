package dev.cfg.grpc.config;

import java.time.Duration;
import java.util.List;

import org.springframework.util.unit.DataSize;

/** Range checks shared by the property records; each failure names the full property. */
final class Allowed {

	private Allowed() {
	}

	static void intRange(String key, int value, int min, int max) {
		if (value < min || value > max) {
			throw CfgGrpcConfigException.invalidValue(key, value, "an integer from " + min + " to " + max);
		}
	}

	static void size(String key, DataSize value, DataSize min, DataSize max) {
		if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
			throw CfgGrpcConfigException.invalidValue(key, value.toBytes() + "B",
					"a size from " + min.toBytes() + "B to " + max.toBytes() + "B (" + max.toMegabytes() + "MB)");
		}
	}

	static void atLeast(String key, Duration value, Duration min) {
		if (value.compareTo(min) < 0) {
			throw CfgGrpcConfigException.invalidValue(key, value, "a duration of at least " + min.toMillis() + "ms");
		}
	}

	static void durationRange(String key, Duration value, Duration min, Duration max) {
		if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
			throw CfgGrpcConfigException.invalidValue(key, value, "a duration from " + min + " to " + max);
		}
	}

	static void notBlank(String key, String value) {
		if (value == null || value.isBlank()) {
			throw CfgGrpcConfigException.invalidValue(key, value, "a non-blank value");
		}
	}

	static void oneOf(String key, String value, List<String> choices) {
		if (!choices.contains(value)) {
			throw CfgGrpcConfigException.invalidValue(key, value, "one of " + String.join(", ", choices));
		}
	}

}
