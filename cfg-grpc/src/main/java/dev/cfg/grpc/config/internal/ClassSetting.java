package dev.cfg.grpc.config.internal;

import org.springframework.util.ClassUtils;

import dev.cfg.grpc.config.CfgGrpcConfigException;

/**
 * A setting that names classes, such as {@code cfg.grpc.custom-services} or
 * {@code cfg.grpc.server.interceptors}: loads one, and stops startup naming the key when the class
 * is missing or of the wrong type.
 */
public final class ClassSetting {

	private ClassSetting() {
	}

	/**
	 * Loads a class named in a setting.
	 * @param <T> the type the class must have
	 * @param key the setting, for example {@code cfg.grpc.custom-services}
	 * @param className the fully qualified name given
	 * @param type the type the class must have
	 * @param classLoader where to look
	 * @return the class
	 * @throws CfgGrpcConfigException when the class is missing or not a {@code type}
	 */
	public static <T> Class<? extends T> load(String key, String className, Class<T> type, ClassLoader classLoader) {
		String allowed = "fully qualified names of classes that implement " + type.getName();
		Class<?> loaded;
		try {
			loaded = ClassUtils.forName(className.strip(), classLoader);
		}
		catch (ClassNotFoundException | LinkageError ex) {
			throw CfgGrpcConfigException.invalidValue(key, className, allowed + " (class not found)");
		}
		if (!type.isAssignableFrom(loaded)) {
			throw CfgGrpcConfigException.invalidValue(key, className, allowed + " (" + loaded.getName() + " does not)");
		}
		return loaded.asSubclass(type);
	}

}
