package dev.cfg.grpc.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Prints a {@link CfgGrpcConfigException} as its one-line description and action. Ordered first
 * so that Boot's generic binding analyzer does not bury the line under a stack of wrappers.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
final class CfgGrpcFailureAnalyzer extends AbstractFailureAnalyzer<CfgGrpcConfigException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, CfgGrpcConfigException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
	}

}
