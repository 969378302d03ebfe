package dev.cfg.grpc.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;

import org.springframework.boot.convert.DurationStyle;

import dev.cfg.grpc.log.RequestLogRetention;

/** {@code cleanup-logs}: deletes old request log records now. Starts no server. */
@CommandLine.Command(name = "cleanup-logs", description = "Delete request log records older than the retention.")
final class CleanupLogsCommand implements Callable<Integer> {

	@CommandLine.ParentCommand
	private CfgGrpcApplication.RootCommand root;

	@CommandLine.Spec
	private CommandLine.Model.CommandSpec spec;

	@CommandLine.Option(names = "--older-than", paramLabel = "AGE",
			description = "Delete records older than this (7d, 12h); default: cfg.grpc.logging.retention.")
	String olderThan;

	@CommandLine.Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help.")
	boolean help;

	@CommandLine.Unmatched
	List<String> springArguments = new ArrayList<>();

	@Override
	public Integer call() {
		var out = this.spec.commandLine().getOut();
		var err = this.spec.commandLine().getErr();
		Duration age = null;
		if (this.olderThan != null) {
			try {
				age = DurationStyle.detectAndParse(this.olderThan);
			}
			catch (IllegalArgumentException ex) {
				err.println("cleanup-logs: --older-than '" + this.olderThan + "' is not a duration such as 7d or 12h");
				return 2;
			}
		}
		Duration given = age;
		return CommandContexts.withBeans("cleanup-logs", this.root, this.springArguments, err, (context) -> {
			RequestLogRetention retention = context.getBean(RequestLogRetention.class);
			Duration effective = (given != null) ? given : retention.retention();
			long deleted = retention.deleteOlderThan(effective);
			out.println("Deleted " + deleted + " request log records older than " + effective.toDays() + "d "
					+ effective.toHoursPart() + "h.");
			return 0;
		});
	}

}
