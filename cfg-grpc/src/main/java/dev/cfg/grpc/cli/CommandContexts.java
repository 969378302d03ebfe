package dev.cfg.grpc.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.cfg.grpc.config.CfgGrpcConfigException;
import dev.cfg.grpc.schema.PendingMigrations;

/**
 * Runs a command's work with the beans it needs and no server, reporting a start that fails as one
 * line instead of a stack trace.
 */
final class CommandContexts {

	private CommandContexts() {
	}

	/**
	 * With cfg-grpc's stores only ({@link CommandBeans}), after bringing the schema up to date when
	 * it is behind.
	 */
	static int withStores(String command, CfgGrpcApplication.RootCommand root, List<String> springArguments,
			PrintWriter err, ToIntFunction<ConfigurableApplicationContext> work) {
		SpringLauncher launcher = root.launcher();
		return run(command, err, (arguments) -> {
			ConfigurableApplicationContext context = launcher.startCommandBeans(arguments);
			JdbcTemplate jdbc = context.getBeanProvider(JdbcTemplate.class).getIfAvailable();
			if (jdbc != null && PendingMigrations.any(jdbc, context.getEnvironment(), context)) {
				err.println(command + ": bringing the database schema up to date first...");
				try {
					launcher.migrateSchema(context);
				}
				catch (RuntimeException ex) {
					context.close();
					throw ex;
				}
			}
			return context;
		}, springArguments, work);
	}

	/** With the whole application, started as for {@code rungrpc} but with no server. */
	static int withApplication(String command, CfgGrpcApplication.RootCommand root, List<String> springArguments,
			PrintWriter err, ToIntFunction<ConfigurableApplicationContext> work) {
		// On stderr, so the person waiting sees that something is happening.
		err.println(command + ": starting the application (no server)...");
		return run(command, err, root.launcher()::startWithoutServers, springArguments, work);
	}

	private static int run(String command, PrintWriter err,
			Function<List<String>, ConfigurableApplicationContext> start, List<String> springArguments,
			ToIntFunction<ConfigurableApplicationContext> work) {
		ConfigurableApplicationContext context;
		try {
			context = start.apply(springArguments);
		}
		catch (RuntimeException ex) {
			// A refused setting names its key and what is allowed: that line says it all.
			boolean setting = CfgGrpcConfigException.behind(ex).isPresent();
			err.println(command + ": " + (setting ? "" : "the application would not start: ") + reason(ex));
			return 1;
		}
		try (context) {
			return work.applyAsInt(context);
		}
		catch (RuntimeException ex) {
			// Beans are made when first asked for, so a bad setting can surface only now.
			err.println(command + ": " + reason(ex));
			return 1;
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
