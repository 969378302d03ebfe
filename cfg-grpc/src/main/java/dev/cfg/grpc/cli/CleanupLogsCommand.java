package dev.cfg.grpc.cli;

import java.time.Duration;

import picocli.CommandLine;

import org.springframework.boot.convert.DurationStyle;

import dev.cfg.grpc.log.RequestLogRetention;

/** {@code cleanup-logs}: deletes old request log records now. Starts no server. */
@CommandLine.Command(name = "cleanup-logs", description = "Delete request log records older than the retention.")
final class CleanupLogsCommand extends BeanCommand {

	@CommandLine.Option(names = "--older-than", paramLabel = "AGE",
			description = "Delete records older than this (7d, 12h); default: cfg.grpc.logging.retention.")
	String olderThan;

	@Override
	public Integer call() {
		var out = out();
		var err = err();
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
		return withStores((context) -> {
			RequestLogRetention retention = context.getBean(RequestLogRetention.class);
			Duration effective = (given != null) ? given : retention.retention();
			long deleted = retention.deleteOlderThan(effective);
			out.println("Deleted " + deleted + " request log records older than " + effective.toDays() + "d "
					+ effective.toHoursPart() + "h.");
			return 0;
		});
	}

}
