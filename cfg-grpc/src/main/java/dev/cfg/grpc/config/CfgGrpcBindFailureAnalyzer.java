package dev.cfg.grpc.config;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.util.unit.DataSize;

/**
 * Prints a {@code cfg.grpc.*} value Spring could not convert (a size with an unknown unit, a word
 * where a number goes) as one line naming the key, the value and what is allowed, as
 * {@link CfgGrpcConfigException}s are printed.
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
final class CfgGrpcBindFailureAnalyzer extends AbstractFailureAnalyzer<BindException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		if (findCause(rootFailure, CfgGrpcConfigException.class) != null) {
			return null;
		}
		return CfgGrpcConfigException.behind(cause)
			.map((line) -> new FailureAnalysis(line.getMessage(), line.getAction(), cause))
			.orElse(null);
	}

	static String allowed(Class<?> type) {
		if (type == DataSize.class) {
			return "a size such as 4MB (units B, KB, MB, GB, TB)";
		}
		if (type == Duration.class) {
			return "a duration such as 500ms, 30s, 5m, 2h or 1d";
		}
		if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
			return "a whole number";
		}
		if (type == double.class || type == Double.class) {
			return "a number";
		}
		if (type == boolean.class || type == Boolean.class) {
			return "true or false";
		}
		return "a value of type " + type.getSimpleName();
	}

}
