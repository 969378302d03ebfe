package dev.cfg.grpc.config;

/**
 * Startup failure caused by cfg-grpc configuration: an invalid value, two settings that
 * disagree, or a setup that cannot be served (for example two implementations of one gRPC
 * service). Its message is one line that names the property and what is allowed; Spring Boot
 * prints it through {@link CfgGrpcFailureAnalyzer} instead of a stack trace.
 */
public class CfgGrpcConfigException extends RuntimeException {

	private final String action;

	/**
	 * Creates an exception with a one-line description and the action that fixes it.
	 * @param description what is wrong, naming the property or classes involved
	 * @param action what to change
	 */
	public CfgGrpcConfigException(String description, String action) {
		super(description);
		this.action = action;
	}

	/**
	 * The cfg-grpc configuration problem behind a failed start, if that is what failed: a
	 * {@code CfgGrpcConfigException} anywhere in the chain, or a {@code cfg.grpc.*} value Spring
	 * could not convert, described as one line that names the key.
	 * @param failure what the start threw
	 * @return the problem, or empty when the failure is something else
	 */
	public static java.util.Optional<CfgGrpcConfigException> behind(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof CfgGrpcConfigException config) {
				return java.util.Optional.of(config);
			}
		}
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof org.springframework.boot.context.properties.bind.BindException bind
					&& bind.getName().toString().startsWith(UnknownKeys.PREFIX)) {
				Object value = (bind.getProperty() != null) ? bind.getProperty().getValue() : null;
				return java.util.Optional.of(invalidValue(bind.getName().toString(), value,
						CfgGrpcBindFailureAnalyzer.allowed(bind.getTarget().getType().resolve(Object.class))));
			}
		}
		return java.util.Optional.empty();
	}

	/**
	 * An invalid value for one property.
	 * @param key the full property name, for example {@code cfg.grpc.server.port}
	 * @param value the value that was given
	 * @param allowed what is allowed, for example {@code "0 (any free port) or 1024 to 65535"}
	 * @return the exception to throw
	 */
	public static CfgGrpcConfigException invalidValue(String key, Object value, String allowed) {
		return new CfgGrpcConfigException("Invalid value for " + key + ": '" + value + "'. Allowed: " + allowed + ".",
				"Change " + key + " in your configuration or on the command line (see docs/configuration.md).");
	}

	/**
	 * What the user should change.
	 * @return the action, one sentence
	 */
	public String getAction() {
		return this.action;
	}

}
