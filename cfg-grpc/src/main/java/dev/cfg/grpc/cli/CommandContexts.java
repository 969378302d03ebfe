package dev.cfg.grpc.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.function.ToIntFunction;

import org.springframework.context.ConfigurableApplicationContext;

import dev.cfg.grpc.config.CfgGrpcConfigException;

/**
 * Runs a command's work with the application's beans and no server, reporting a start that
 * fails as one line instead of a stack trace.
 */
final class CommandContexts {

	private CommandContexts() {
	}

	static int withBeans(String command, CfgGrpcApplication.RootCommand root, List<String> springArguments,
			PrintWriter err, ToIntFunction<ConfigurableApplicationContext> work) {
		// On stderr, so KEY=$(java -jar app.jar apikey create ...) captures only the key, but the
		// person waiting sees that something is happening.
		err.println(command + ": starting the application (no server)...");
		ConfigurableApplicationContext context;
		try {
			context = root.launcher().startWithoutServers(springArguments);
		}
		catch (RuntimeException ex) {
			err.println(command + ": the application would not start: " + reason(ex));
			return 1;
		}
		try (context) {
			return work.applyAsInt(context);
		}
	}

	static String reason(Throwable failure) {
		return CfgGrpcConfigException.behind(failure).map(CfgGrpcConfigException::getMessage).orElseGet(() -> {
			Throwable root = failure;
			while (root.getCause() != null && root.getCause() != root) {
				root = root.getCause();
			}
			return root.getMessage();
		});
	}

}
