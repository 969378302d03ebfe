package dev.cfg.grpc.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import dev.cfg.grpc.config.internal.Nearest;

/**
 * Refuses a {@code cfg.grpc.*} key that no setting has, naming it and the nearest key that exists,
 * so a misspelled setting stops startup instead of silently keeping its default; then refuses a
 * value that is not allowed, naming its key (the values are bound here, before anything starts).
 * The keys that exist are read from the configuration metadata in cfg-grpc's jar; names are
 * compared as Spring binds them ({@code max-workers}, {@code maxWorkers} and {@code max_workers}
 * are one key). Keys from environment variables are not checked (their names cannot be mapped
 * back without guessing); their values are.
 */
final class UnknownKeys implements EnvironmentPostProcessor, Ordered {

	static final String PREFIX = "cfg.grpc.";

	private static final ConfigurationPropertyName CHANNELS = ConfigurationPropertyName.of("cfg.grpc.client.channels");

	/** The settings of one channel, from its record and the records inside it. */
	static final List<String> CHANNEL_SETTINGS = settings(ClientSettings.Channel.class, "");

	private static List<String> settings(Class<?> type, String prefix) {
		List<String> names = new ArrayList<>();
		for (java.lang.reflect.RecordComponent component : type.getRecordComponents()) {
			String name = prefix + component.getName().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
			if (component.getType().isRecord()) {
				names.addAll(settings(component.getType(), name + "."));
			}
			else {
				names.add(name);
			}
		}
		return List.copyOf(names);
	}

	private static final String METADATA = "META-INF/spring-configuration-metadata.json";

	private final Supplier<List<String>> keys;

	private List<ConfigurationPropertyName> known;

	private List<String> knownText;

	/** Reads the keys that exist from the configuration metadata of cfg-grpc's jar, when needed. */
	public UnknownKeys() {
		this.keys = () -> knownKeys(UnknownKeys.class.getClassLoader());
	}

	UnknownKeys(List<String> knownKeys) {
		this.keys = () -> knownKeys;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		for (PropertySource<?> source : environment.getPropertySources()) {
			if (!(source instanceof EnumerablePropertySource<?> enumerable)
					|| source instanceof SystemEnvironmentPropertySource) {
				continue;
			}
			for (String key : enumerable.getPropertyNames()) {
				if (key.toLowerCase(Locale.ROOT).startsWith(PREFIX) && !isKnown(key)) {
					throw unknown(key, source.getName());
				}
			}
		}
		checkValues(environment);
	}

	/**
	 * Binds every {@code cfg.grpc.*} value as the application will, so a value that does not convert
	 * (a size with an unknown unit) or that its record refuses (a port out of range) stops the start
	 * here, as one line naming the key, before any server, pool or database has started.
	 */
	static void checkValues(ConfigurableEnvironment environment) {
		try {
			Binder.get(environment).bind("cfg.grpc", CfgGrpcProperties.class);
		}
		catch (BindException ex) {
			throw CfgGrpcConfigException.behind(ex).orElseThrow(() -> ex);
		}
	}

	boolean isKnown(String key) {
		List<ConfigurationPropertyName> known = known();
		if (known.isEmpty()) {
			// Without metadata (a class path without cfg-grpc's) nothing can be told apart.
			return true;
		}
		ConfigurationPropertyName name = ConfigurationPropertyName.adapt(key, '.');
		if (name.isEmpty()) {
			return false;
		}
		if (CHANNELS.isAncestorOf(name) && name.getNumberOfElements() > CHANNELS.getNumberOfElements() + 1) {
			// A channel's name is the application's; what follows it must be a channel setting.
			ConfigurationPropertyName setting = name.subName(CHANNELS.getNumberOfElements() + 1);
			return CHANNEL_SETTINGS.stream()
				.map(ConfigurationPropertyName::of)
				.anyMatch((candidate) -> candidate.equals(setting) || candidate.isAncestorOf(setting));
		}
		for (ConfigurationPropertyName candidate : known) {
			// Lists and maps bind their elements below their own name: public-methods[0].
			if (candidate.equals(name) || candidate.isAncestorOf(name)) {
				return true;
			}
		}
		return false;
	}

	private CfgGrpcConfigException unknown(String key, String source) {
		ConfigurationPropertyName name = ConfigurationPropertyName.adapt(key, '.');
		String nearest = nearest(key);
		if (CHANNELS.isAncestorOf(name) && name.getNumberOfElements() > CHANNELS.getNumberOfElements() + 1) {
			String channel = CHANNELS + "." + name.getElement(CHANNELS.getNumberOfElements(), ConfigurationPropertyName.Form.ORIGINAL) + ".";
			String typed = name.subName(CHANNELS.getNumberOfElements() + 1).toString();
			String setting = Nearest.to(typed, CHANNEL_SETTINGS, Math.max(3, typed.length() / 4));
			nearest = (setting != null) ? channel + setting : null;
		}
		return new CfgGrpcConfigException(
				"Unknown setting " + key + " (from " + source + ")"
						+ ((nearest != null) ? ": did you mean " + nearest + "?" : ": no cfg-grpc setting has this name."),
				"Correct or remove it; every cfg.grpc key is listed in docs/configuration.md.");
	}

	/** The existing key closest to the given one, if close enough to be a typo. */
	String nearest(String key) {
		String typed = key.toLowerCase(Locale.ROOT).replace('_', '-');
		known();
		return Nearest.to(typed, this.knownText, Math.max(3, typed.length() / 4));
	}

	/** The keys, read once, only when there is a cfg.grpc key to check. */
	private List<ConfigurationPropertyName> known() {
		if (this.known == null) {
			this.knownText = List.copyOf(this.keys.get());
			this.known = this.knownText.stream().map(ConfigurationPropertyName::of).toList();
		}
		return this.known;
	}

	/**
	 * The keys of cfg-grpc's own configuration metadata: only the file beside this class (in its jar
	 * or folder) is read, not the large ones of every other jar.
	 */
	static List<String> knownKeys(ClassLoader classLoader) {
		List<String> keys = new ArrayList<>();
		JsonFactory json = new JsonFactory();
		URL selfUrl = UnknownKeys.class.getResource(UnknownKeys.class.getSimpleName() + ".class");
		String tail = UnknownKeys.class.getName().replace('.', '/') + ".class";
		if (selfUrl == null || !selfUrl.toString().endsWith(tail)) {
			// Where this class came from cannot be told (an unusual class loader): check nothing.
			return keys;
		}
		String self = selfUrl.toString();
		String home = self.substring(0, self.length() - tail.length());
		try {
			Enumeration<URL> files = classLoader.getResources(METADATA);
			while (files.hasMoreElements()) {
				URL file = files.nextElement();
				if (!file.toString().startsWith(home)) {
					continue;
				}
				try (InputStream in = file.openStream();
						JsonParser parser = json.createParser(ObjectReadContext.empty(), in)) {
					propertyNames(parser).stream().filter((name) -> name.startsWith(PREFIX)).forEach(keys::add);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return keys;
	}

	/**
	 * The {@code name} of each entry of the metadata's {@code properties}, read as a stream of tokens:
	 * a command starts in a few seconds, and a whole JSON mapper is some 400 classes to load.
	 */
	private static List<String> propertyNames(JsonParser parser) {
		List<String> names = new ArrayList<>();
		if (parser.nextToken() != JsonToken.START_OBJECT) {
			return names;
		}
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String section = parser.currentName();
			if (parser.nextToken() != JsonToken.START_ARRAY || !section.equals("properties")) {
				parser.skipChildren();
				continue;
			}
			while (parser.nextToken() == JsonToken.START_OBJECT) {
				while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
					String field = parser.currentName();
					if (parser.nextToken() == JsonToken.VALUE_STRING && field.equals("name")) {
						names.add(parser.getString());
					}
					parser.skipChildren();
				}
			}
		}
		return names;
	}

	@Override
	public int getOrder() {
		// After the configuration files and the command line have been read.
		return Ordered.LOWEST_PRECEDENCE - 10;
	}

}
