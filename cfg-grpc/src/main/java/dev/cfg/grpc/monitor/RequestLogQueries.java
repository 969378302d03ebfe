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

import dev.cfg.grpc.log.MinuteTotals;

/**
 * The monitoring API's queries. Totals, percentiles and timelines add up the per-minute rows the
 * request log writer keeps ({@code cfg_grpc_request_minute}), so they cost the same however many
 * calls a minute holds; a window counts every minute it touches. The list of calls reads
 * {@code cfg_grpc_request_log} through its {@code created_at} indexes.
 */
final class RequestLogQueries {

	private static final String MINUTES = "SELECT minute_start, service_name, method_name, total, successful, errors, "
			+ "cancelled, timeouts, duration_sum, durations, last_activity FROM cfg_grpc_request_minute "
			+ "WHERE minute_start >= ? AND minute_start < ?";

	/** A timeline needs no durations: minutes are added up in SQL, one row a minute. */
	private static final String MINUTE_COUNTS = "SELECT minute_start, SUM(total) AS total, SUM(successful) AS "
			+ "successful, SUM(errors) AS errors, SUM(timeouts) AS timeouts, SUM(cancelled) AS cancelled "
			+ "FROM cfg_grpc_request_minute WHERE minute_start >= ? AND minute_start < ? GROUP BY minute_start";

	private final JdbcTemplate jdbc;

	RequestLogQueries(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	MonitorResponses.Overview overview(MonitorParameters.Window window) {
		MinuteTotals all = new MinuteTotals();
		minutes(window, null, all::addStored);
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
	 * Calls stored, from the per-minute totals (the writer and the retention keep both in step).
	 */
	long count(String service, String method, String status) {
		String column = (status != null) ? switch (status) {
			case "success" -> "successful";
			case "error" -> "errors";
			case "cancelled" -> "cancelled";
			case "timeout" -> "timeouts";
			default -> throw new IllegalArgumentException(status);
		} : "total";
		StringBuilder sql = new StringBuilder("SELECT COALESCE(SUM(" + column + "), 0) FROM cfg_grpc_request_minute WHERE 1 = 1");
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
		Map<String, MinuteTotals> services = new TreeMap<>();
		minutes(window, null, (row) -> services.computeIfAbsent(row.getString("service_name"), (name) -> new MinuteTotals())
			.addStored(row));
		return busiestFirst(services).stream().map((entry) -> {
			MinuteTotals totals = entry.getValue();
			return new MonitorResponses.ServiceStats(entry.getKey(), totals.total(), totals.successful(),
					totals.errors(), average(totals), percentile(totals, 0.5), percentile(totals, 0.95),
					percentile(totals, 0.99), iso(totals.lastActivity()));
		}).toList();
	}

	List<MonitorResponses.MethodStats> methods(MonitorParameters.Window window, String service) {
		Map<List<String>, MinuteTotals> methods = new TreeMap<>(
				Comparator.comparing((List<String> key) -> key.get(0)).thenComparing((key) -> key.get(1)));
		minutes(window, (service != null && !service.isBlank()) ? service : null,
				(row) -> methods
					.computeIfAbsent(List.of(row.getString("service_name"), row.getString("method_name")),
							(key) -> new MinuteTotals())
					.addStored(row));
		return busiestFirst(methods).stream().map((entry) -> {
			MinuteTotals totals = entry.getValue();
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
		Timestamp[] bounds = bounds(window);
		this.jdbc.query(MINUTE_COUNTS, (RowCallbackHandler) (row) -> {
			long bucket = Math.floorDiv(row.getTimestamp("minute_start").getTime(), size) * size;
			long[] counts = buckets.computeIfAbsent(bucket, (b) -> new long[5]);
			counts[0] += row.getLong("total");
			counts[1] += row.getLong("successful");
			counts[2] += row.getLong("errors");
			counts[3] += row.getLong("timeouts");
			counts[4] += row.getLong("cancelled");
		}, bounds[0], bounds[1]);
		List<MonitorResponses.TimelinePoint> timeline = new ArrayList<>();
		buckets.forEach((start, counts) -> timeline.add(new MonitorResponses.TimelinePoint(
				Instant.ofEpochMilli(start).toString(), counts[0], counts[1], counts[2], counts[3], counts[4])));
		return timeline;
	}

	/** Reads the minutes the window touches, oldest first, optionally of one service. */
	private void minutes(MonitorParameters.Window window, String service, RowCallbackHandler each) {
		Timestamp[] bounds = bounds(window);
		if (service != null) {
			this.jdbc.query(MINUTES + " AND service_name = ?", each, bounds[0], bounds[1], service);
		}
		else {
			this.jdbc.query(MINUTES, each, bounds[0], bounds[1]);
		}
	}

	/** The whole minutes the window touches: from the start of its first to the end of its last. */
	private static Timestamp[] bounds(MonitorParameters.Window window) {
		long from = Math.floorDiv(window.from().toEpochMilli(), 60_000L) * 60_000L;
		long to = -Math.floorDiv(-window.to().toEpochMilli(), 60_000L) * 60_000L;
		return new Timestamp[] { new Timestamp(from), new Timestamp(Math.max(to, from + 60_000L)) };
	}

	/** Busiest first, as the original orders them; ties by name (the maps are sorted by name). */
	private static <K> List<Map.Entry<K, MinuteTotals>> busiestFirst(Map<K, MinuteTotals> groups) {
		List<Map.Entry<K, MinuteTotals>> entries = new ArrayList<>(groups.entrySet());
		entries.sort(Comparator.comparingLong((Map.Entry<K, MinuteTotals> entry) -> entry.getValue().total()).reversed());
		return entries;
	}

	private static double successRate(MinuteTotals totals) {
		return (totals.total() == 0) ? 0.0 : round(100.0 * totals.successful() / totals.total());
	}

	private static double average(MinuteTotals totals) {
		return (totals.total() == 0) ? 0.0 : round((double) totals.durationSum() / totals.total());
	}

	private static Double percentile(MinuteTotals totals, double fraction) {
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
