package dev.cfg.grpc.log;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The request log's partitions on PostgreSQL, one a day (UTC), as migration V8 makes them: days
 * ahead are made before they come, and days wholly past the retention are detached and dropped,
 * which takes a moment whatever their size and leaves nothing behind to vacuum. Rows outside every
 * day go to the default partition, where the ordinary batched delete reaches them.
 */
final class LogPartitions {

	private static final Log logger = LogFactory.getLog(LogPartitions.class);

	static final String PREFIX = "cfg_grpc_request_log_p";

	/** Days made ahead of today. */
	static final int DAYS_AHEAD = 2;

	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private LogPartitions(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * The partitions of a database whose request log has them.
	 * @return them, or null on H2 and on a PostgreSQL log that is not partitioned
	 */
	static LogPartitions of(JdbcTemplate jdbc, Clock clock) {
		try {
			// On H2 there is no pg_partitioned_table: the query fails, and there are no partitions.
			Integer partitioned = jdbc.queryForObject("SELECT COUNT(*) FROM pg_partitioned_table t "
					+ "JOIN pg_class c ON c.oid = t.partrelid WHERE c.relname = 'cfg_grpc_request_log' "
					+ "AND c.relnamespace = to_regnamespace(current_schema())::oid", Integer.class);
			return (partitioned != null && partitioned > 0) ? new LogPartitions(jdbc, clock) : null;
		}
		catch (DataAccessException ex) {
			return null;
		}
	}

	/** Makes the partitions of today and the next days that are missing. */
	void makeAhead() {
		LocalDate today = LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
		for (int i = 0; i <= DAYS_AHEAD; i++) {
			LocalDate day = today.plusDays(i);
			try {
				this.jdbc.execute("CREATE TABLE IF NOT EXISTS " + name(day) + " PARTITION OF cfg_grpc_request_log "
						+ "FOR VALUES FROM ('" + day + " 00:00:00+00') TO ('" + day.plusDays(1) + " 00:00:00+00')");
			}
			catch (DataAccessException ex) {
				// Most likely rows of that day in the default partition (the server was down for days).
				logger.warn("Could not make the request log's partition of " + day + ": "
						+ ex.getMostSpecificCause().getMessage());
			}
		}
	}

	/**
	 * Detaches and drops the partitions of days that ended at or before an instant.
	 * @param cutoff rows created before it go
	 * @return how many rows the dropped partitions held
	 */
	long dropBefore(Instant cutoff) {
		List<String> partitions = this.jdbc.queryForList("SELECT c.relname FROM pg_inherits i "
				+ "JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent "
				+ "WHERE p.relname = 'cfg_grpc_request_log' AND p.relnamespace = to_regnamespace(current_schema())::oid "
				+ "AND c.relname LIKE '" + PREFIX + "%' ORDER BY c.relname", String.class);
		long dropped = 0;
		for (String partition : partitions) {
			LocalDate day = day(partition);
			if (day == null || day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(cutoff)) {
				continue;
			}
			Long rows = this.jdbc.queryForObject("SELECT COUNT(*) FROM " + partition, Long.class);
			this.jdbc.execute("ALTER TABLE cfg_grpc_request_log DETACH PARTITION " + partition);
			this.jdbc.execute("DROP TABLE " + partition);
			dropped += (rows != null) ? rows : 0;
		}
		return dropped;
	}

	static String name(LocalDate day) {
		return PREFIX + DAY.format(day);
	}

	/** The day of a partition's name, or null for a name that is not one of ours. */
	private static LocalDate day(String partition) {
		String digits = partition.substring(PREFIX.length());
		if (!digits.matches("\\d{8}")) {
			return null;
		}
		return LocalDate.parse(digits, DAY);
	}

}
