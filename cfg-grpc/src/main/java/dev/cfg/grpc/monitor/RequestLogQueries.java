package dev.cfg.grpc.monitor;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import dev.cfg.grpc.log.CallTotals;
import dev.cfg.grpc.log.TotalsSpan;

/**
 * The monitoring API's queries. Totals, percentiles and timelines add up the per-hour and
 * per-minute rows the request log writer keeps ({@link TotalsSpan}), so they cost the same however
 * many calls a minute holds; a window counts every minute it touches. The list of calls reads
 * {@code cfg_grpc_request_log} through its {@code created_at} indexes.
 */
final class RequestLogQueries {

	private static final String TOTALS = "SELECT service_name, method_name, total, successful, errors, cancelled, "
			+ "timeouts, duration_sum, durations, last_activity FROM %s WHERE %s >= ? AND %s < ?";

	/** A timeline needs no durations: spans are added up in SQL, one row a span. */
	private static final String COUNTS = "SELECT %s AS span_start, SUM(total) AS total, SUM(successful) AS successful, "
			+ "SUM(errors) AS errors, SUM(timeouts) AS timeouts, SUM(cancelled) AS cancelled FROM %s "
			+ "WHERE %s >= ? AND %s < ? GROUP BY %s";

	private final JdbcTemplate jdbc;

	RequestLogQueries(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	MonitorResponses.Overview overview(MonitorParameters.Window window) {
		CallTotals all = new CallTotals();
		totals(window, null, all::addStored);
		return new MonitorResponses.Overview(all.total(), all.successful(), all.errors(), all.cancelled(),
				all.timeouts(), successRate(all), average(all), percentile(all, 0.5), percentile(all, 0.95),
				percentile(all, 0.99), window.periodHours());
	}

	List<MonitorResponses.Request> requests(String service, String method, String status, int count, int offset) {
		StringBuilder where = new StringBuilder(" WHERE 1 = 1");
		List<Object> arguments = new ArrayList<>();
		if (service != null && !service.isBlank()) {
			where.append(" AND service_name = ?");
			arguments.add(service);
		}
		if (method != null && !method.isBlank()) {
			where.append(" AND method_name = ?");
			arguments.add(method);
		}
		if (status != null) {
			where.append(" AND status = ?");
			arguments.add(status);
		}
		List<Object> page = new ArrayList<>(arguments);
		page.add(offset);
		page.add(count);
		return this.jdbc.query("SELECT request_id, service_name, method_name, full_method, status, grpc_status_code, "
				+ "is_authenticated, username, duration_ms, created_at, completed_at, error_message, client_ip, "
				+ "request_size, response_size FROM cfg_grpc_request_log" + where
				+ " ORDER BY created_at DESC, id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY", (row, i) -> new MonitorResponses.Request(row.getString("request_id"),
						row.getString("service_name"), row.getString("method_name"), row.getString("full_method"),
						row.getString("status"), row.getString("grpc_status_code"), row.getBoolean("is_authenticated"),
						row.getInt("duration_ms"), iso(row.getTimestamp("created_at")), iso(row.getTimestamp("completed_at")),
						row.getString("error_message"), row.getString("username"), row.getString("client_ip"),
						row.getLong("request_size"), row.getLong("response_size")), page.toArray());
	}

	/**
	 * Calls stored, from the per-hour totals: the writer and the retention keep them in step with
	 * the rows, and there are 60 times fewer of them than of minutes.
	 */
	long count(String service, String method, String status) {
		String column = (status != null) ? switch (status) {
			case "success" -> "successful";
			case "error" -> "errors";
			case "cancelled" -> "cancelled";
			case "timeout" -> "timeouts";
			default -> throw new IllegalArgumentException(status);
		} : "total";
		StringBuilder sql = new StringBuilder("SELECT COALESCE(SUM(" + column + "), 0) FROM "
				+ TotalsSpan.HOUR.table() + " WHERE 1 = 1");
		List<Object> arguments = new ArrayList<>();
		if (service != null && !service.isBlank()) {
			sql.append(" AND service_name = ?");
			arguments.add(service);
		}
		if (method != null && !method.isBlank()) {
			sql.append(" AND method_name = ?");
			arguments.add(method);
		}
		return this.jdbc.queryForObject(sql.toString(), Long.class, arguments.toArray());
	}

	List<MonitorResponses.ServiceStats> services(MonitorParameters.Window window) {
		Map<String, CallTotals> services = new TreeMap<>();
		totals(window, null, (row) -> services.computeIfAbsent(row.getString("service_name"), (name) -> new CallTotals())
			.addStored(row));
		return busiestFirst(services).stream().map((entry) -> {
			CallTotals totals = entry.getValue();
			return new MonitorResponses.ServiceStats(entry.getKey(), totals.total(), totals.successful(),
					totals.errors(), average(totals), percentile(totals, 0.5), percentile(totals, 0.95),
					percentile(totals, 0.99), iso(totals.lastActivity()));
		}).toList();
	}

	List<MonitorResponses.MethodStats> methods(MonitorParameters.Window window, String service) {
		Map<List<String>, CallTotals> methods = new TreeMap<>(
				Comparator.comparing((List<String> key) -> key.get(0)).thenComparing((key) -> key.get(1)));
		totals(window, (service != null && !service.isBlank()) ? service : null,
				(row) -> methods
					.computeIfAbsent(List.of(row.getString("service_name"), row.getString("method_name")),
							(key) -> new CallTotals())
					.addStored(row));
		return busiestFirst(methods).stream().map((entry) -> {
			CallTotals totals = entry.getValue();
			return new MonitorResponses.MethodStats(entry.getKey().get(1), entry.getKey().get(0), totals.total(),
					totals.successful(), totals.errors(), average(totals), percentile(totals, 0.5),
					percentile(totals, 0.95), percentile(totals, 0.99), iso(totals.lastActivity()));
		}).toList();
	}

	List<MonitorResponses.TimelinePoint> timeline(MonitorParameters.Window window, String interval) {
		long size = switch (interval) {
			case "minute" -> 60_000L;
			case "day" -> 86_400_000L;
			default -> 3_600_000L;
		};
		Map<Long, long[]> buckets = new TreeMap<>();
		RowCallbackHandler add = (row) -> {
			long bucket = Math.floorDiv(row.getTimestamp("span_start").getTime(), size) * size;
			long[] counts = buckets.computeIfAbsent(bucket, (b) -> new long[5]);
			counts[0] += row.getLong("total");
			counts[1] += row.getLong("successful");
			counts[2] += row.getLong("errors");
			counts[3] += row.getLong("timeouts");
			counts[4] += row.getLong("cancelled");
		};
		for (Range range : ranges(window, !"minute".equals(interval))) {
			String column = range.span().startColumn();
			this.jdbc.query(String.format(COUNTS, column, range.span().table(), column, column, column), add,
					Timestamp.from(range.from()), Timestamp.from(range.to()));
		}
		List<MonitorResponses.TimelinePoint> timeline = new ArrayList<>();
		buckets.forEach((start, counts) -> timeline.add(new MonitorResponses.TimelinePoint(
				Instant.ofEpochMilli(start).toString(), counts[0], counts[1], counts[2], counts[3], counts[4])));
		return timeline;
	}

	/**
	 * Reads the totals of the whole minutes the window touches, optionally of one service: its
	 * whole hours from the hour table, the minutes before and after them from the minute table.
	 */
	private void totals(MonitorParameters.Window window, String service, RowCallbackHandler each) {
		for (Range range : ranges(window, true)) {
			String column = range.span().startColumn();
			String sql = String.format(TOTALS, range.span().table(), column, column);
			Timestamp from = Timestamp.from(range.from());
			Timestamp to = Timestamp.from(range.to());
			if (service != null) {
				this.jdbc.query(sql + " AND service_name = ?", each, from, to, service);
			}
			else {
				this.jdbc.query(sql, each, from, to);
			}
		}
	}

	/** A stretch of time read from one table. */
	record Range(TotalsSpan span, Instant from, Instant to) {
	}

	/**
	 * The window as whole minutes (from the start of its first to the end of its last), its whole
	 * hours read by the hour when allowed.
	 */
	static List<Range> ranges(MonitorParameters.Window window, boolean hours) {
		Instant from = TotalsSpan.MINUTE.startOf(window.from());
		Instant to = TotalsSpan.MINUTE.endOf(window.to());
		if (!to.isAfter(from)) {
			to = from.plusMillis(TotalsSpan.MINUTE.millis());
		}
		Instant firstHour = TotalsSpan.HOUR.endOf(from);
		Instant lastHour = TotalsSpan.HOUR.startOf(to);
		if (!hours || !firstHour.isBefore(lastHour)) {
			return List.of(new Range(TotalsSpan.MINUTE, from, to));
		}
		List<Range> ranges = new ArrayList<>();
		if (from.isBefore(firstHour)) {
			ranges.add(new Range(TotalsSpan.MINUTE, from, firstHour));
		}
		ranges.add(new Range(TotalsSpan.HOUR, firstHour, lastHour));
		if (lastHour.isBefore(to)) {
			ranges.add(new Range(TotalsSpan.MINUTE, lastHour, to));
		}
		return ranges;
	}

	/** Busiest first, as the original orders them; ties by name (the maps are sorted by name). */
	private static <K> List<Map.Entry<K, CallTotals>> busiestFirst(Map<K, CallTotals> groups) {
		List<Map.Entry<K, CallTotals>> entries = new ArrayList<>(groups.entrySet());
		entries.sort(Comparator.comparingLong((Map.Entry<K, CallTotals> entry) -> entry.getValue().total()).reversed());
		return entries;
	}

	private static double successRate(CallTotals totals) {
		return (totals.total() == 0) ? 0.0 : round(100.0 * totals.successful() / totals.total());
	}

	private static double average(CallTotals totals) {
		return (totals.total() == 0) ? 0.0 : round((double) totals.durationSum() / totals.total());
	}

	private static Double percentile(CallTotals totals, double fraction) {
		Double value = totals.durations().percentile(fraction);
		return (value != null) ? round(value) : null;
	}

	private static double round(double value) {
		return Math.round(value * 100.0) / 100.0;
	}

	private static String iso(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant().toString() : null;
	}

	private static String iso(Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

}
