package dev.cfg.grpc.config;

import java.net.BindException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * Says which port is taken, the gRPC one or the HTTP one, with the setting and the flag that
 * change it, instead of a bind failure deep in a stack trace.
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
final class PortInUseFailureAnalyzer extends AbstractFailureAnalyzer<Throwable> {

	private final Environment environment;

	PortInUseFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable failure, Throwable root) {
		PortInUseException http = findCause(failure, PortInUseException.class);
		if (http != null) {
			int port = http.getPort();
			return new FailureAnalysis("The HTTP port " + port + " is already in use (server.port).",
					"Stop the process that listens on port " + port + ", or choose another port: --http-port "
							+ (port + 1) + " with rungrpc, or --server.port=" + (port + 1) + ".",
					http);
		}
		Throwable cause = bindFailure(failure);
		if (cause == null) {
			return null;
		}
		String port = this.environment.getProperty("cfg.grpc.server.port",
				this.environment.getProperty("spring.grpc.server.port", "50051"));
		return new FailureAnalysis("The gRPC port " + port + " is already in use (cfg.grpc.server.port): "
				+ cause.getMessage() + ".",
				"Stop the process that listens on port " + port + ", or choose another port: --port N with rungrpc, "
						+ "or --cfg.grpc.server.port=N.",
				cause);
	}

	/** Java's own bind failure, or Netty's native transport's ("bind(..) failed ...: Address already in use"). */
	private static Throwable bindFailure(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof BindException || (cause instanceof java.io.IOException && cause.getMessage() != null
					&& cause.getMessage().contains("Address already in use"))) {
				return cause;
			}
		}
		return null;
	}

}
