package dev.cfg.grpc.monitor;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import dev.cfg.grpc.log.DurationHistogram;

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

	private final JdbcTemplate jdbc;

	RequestLogQueries(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	Map<String, Object> overview(MonitorParameters.Window window) {
		Totals all = new Totals();
		minutes(window, null, (row) -> all.add(row));
		Map<String, Object> overview = new LinkedHashMap<>();
		overview.put("total", all.total);
		overview.put("successful", all.successful);
		overview.put("errors", all.errors);
		overview.put("cancelled", all.cancelled);
		overview.put("timeout", all.timeouts);
		overview.put("success_rate", all.successRate());
		overview.put("avg_duration_ms", all.average());
		overview.put("p50_duration_ms", all.percentile(0.5));
		overview.put("p95_duration_ms", all.percentile(0.95));
		overview.put("p99_duration_ms", all.percentile(0.99));
		overview.put("period_hours", window.periodHours());
		return overview;
	}

	List<Map<String, Object>> requests(String service, String method, String status, int count, int offset) {
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
				+ " ORDER BY created_at DESC, id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY", (row, i) -> {
					Map<String, Object> request = new LinkedHashMap<>();
					request.put("request_id", row.getString("request_id"));
					request.put("service_name", row.getString("service_name"));
					request.put("method_name", row.getString("method_name"));
					request.put("full_method", row.getString("full_method"));
					request.put("status", row.getString("status"));
					request.put("grpc_status_code", row.getString("grpc_status_code"));
					request.put("is_authenticated", row.getBoolean("is_authenticated"));
					request.put("duration_ms", row.getInt("duration_ms"));
					request.put("created_at", iso(row.getTimestamp("created_at")));
					request.put("completed_at", iso(row.getTimestamp("completed_at")));
					request.put("error_message", row.getString("error_message"));
					request.put("user__username", row.getString("username"));
					request.put("client_ip", row.getString("client_ip"));
					request.put("request_size", row.getLong("request_size"));
					request.put("response_size", row.getLong("response_size"));
					return request;
				}, page.toArray());
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

	List<Map<String, Object>> services(MonitorParameters.Window window) {
		Map<String, Totals> services = new TreeMap<>();
		minutes(window, null, (row) -> services.computeIfAbsent(row.getString("service_name"), (name) -> new Totals())
			.add(row));
		return sorted(services.entrySet().stream().map((entry) -> {
			Map<String, Object> service = new LinkedHashMap<>();
			service.put("service_name", entry.getKey());
			service.putAll(entry.getValue().groupStats());
			return service;
		}));
	}

	List<Map<String, Object>> methods(MonitorParameters.Window window, String service) {
		Map<List<String>, Totals> methods = new TreeMap<>(
				Comparator.comparing((List<String> key) -> key.get(0)).thenComparing((key) -> key.get(1)));
		minutes(window, (service != null && !service.isBlank()) ? service : null,
				(row) -> methods
					.computeIfAbsent(List.of(row.getString("service_name"), row.getString("method_name")),
							(key) -> new Totals())
					.add(row));
		return sorted(methods.entrySet().stream().map((entry) -> {
			Map<String, Object> method = new LinkedHashMap<>();
			method.put("method_name", entry.getKey().get(1));
			method.put("service_name", entry.getKey().get(0));
			method.putAll(entry.getValue().groupStats());
			return method;
		}));
	}

	List<Map<String, Object>> timeline(MonitorParameters.Window window, String interval) {
		long size = switch (interval) {
			case "minute" -> 60_000L;
			case "day" -> 86_400_000L;
			default -> 3_600_000L;
		};
		Map<Long, long[]> buckets = new TreeMap<>();
		minutes(window, null, (row) -> {
			long bucket = Math.floorDiv(row.getTimestamp("minute_start").getTime(), size) * size;
			long[] counts = buckets.computeIfAbsent(bucket, (b) -> new long[5]);
			counts[0] += row.getLong("total");
			counts[1] += row.getLong("successful");
			counts[2] += row.getLong("errors");
			counts[3] += row.getLong("timeouts");
			counts[4] += row.getLong("cancelled");
		});
		List<Map<String, Object>> timeline = new ArrayList<>();
		buckets.forEach((start, counts) -> {
			Map<String, Object> point = new LinkedHashMap<>();
			point.put("timestamp", Instant.ofEpochMilli(start).toString());
			point.put("count", counts[0]);
			point.put("successful", counts[1]);
			point.put("errors", counts[2]);
			point.put("timeout", counts[3]);
			point.put("cancelled", counts[4]);
			timeline.add(point);
		});
		return timeline;
	}

	/** Reads the minutes the window touches, oldest first, optionally of one service. */
	private void minutes(MonitorParameters.Window window, String service, RowCallbackHandler each) {
		long from = Math.floorDiv(window.from().toEpochMilli(), 60_000L) * 60_000L;
		long to = -Math.floorDiv(-window.to().toEpochMilli(), 60_000L) * 60_000L;
		if (to == from) {
			to += 60_000L;
		}
		if (service != null) {
			this.jdbc.query(MINUTES + " AND service_name = ?", each, new Timestamp(from), new Timestamp(to), service);
		}
		else {
			this.jdbc.query(MINUTES, each, new Timestamp(from), new Timestamp(to));
		}
	}

	/** Busiest first, as the original orders them; ties by name. */
	private static List<Map<String, Object>> sorted(Stream<Map<String, Object>> groups) {
		return groups.sorted(Comparator.comparingLong((Map<String, Object> group) -> (Long) group.get("total")).reversed())
			.toList();
	}

	/** Minutes added up. */
	private static final class Totals {

		long total;

		long successful;

		long errors;

		long cancelled;

		long timeouts;

		long durationSum;

		final DurationHistogram durations = new DurationHistogram();

		Timestamp lastActivity;

		void add(ResultSet row) throws SQLException {
			this.total += row.getLong("total");
			this.successful += row.getLong("successful");
			this.errors += row.getLong("errors");
			this.cancelled += row.getLong("cancelled");
			this.timeouts += row.getLong("timeouts");
			this.durationSum += row.getLong("duration_sum");
			this.durations.addEncoded(row.getString("durations"));
			Timestamp last = row.getTimestamp("last_activity");
			if (this.lastActivity == null || last.after(this.lastActivity)) {
				this.lastActivity = last;
			}
		}

		double successRate() {
			return (this.total == 0) ? 0.0 : round(100.0 * this.successful / this.total);
		}

		double average() {
			return (this.total == 0) ? 0.0 : round((double) this.durationSum / this.total);
		}

		Double percentile(double fraction) {
			Double value = this.durations.percentile(fraction);
			return (value != null) ? round(value) : null;
		}

		Map<String, Object> groupStats() {
			Map<String, Object> group = new LinkedHashMap<>();
			group.put("total", this.total);
			group.put("successful", this.successful);
			group.put("errors", this.errors);
			group.put("avg_duration_ms", average());
			group.put("p50_duration_ms", percentile(0.5));
			group.put("p95_duration_ms", percentile(0.95));
			group.put("p99_duration_ms", percentile(0.99));
			group.put("last_activity_at", iso(this.lastActivity));
			return group;
		}

	}

	private static double round(double value) {
		return Math.round(value * 100.0) / 100.0;
	}

	private static String iso(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant().toString() : null;
	}

}
