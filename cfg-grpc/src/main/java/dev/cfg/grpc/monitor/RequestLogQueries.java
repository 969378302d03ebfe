package dev.cfg.grpc.monitor;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The monitoring API's queries over {@code cfg_grpc_request_log}, in SQL that H2 and PostgreSQL
 * both run (percentiles with {@code PERCENTILE_CONT ... WITHIN GROUP}). They scan the window
 * asked for through the {@code created_at} indexes.
 */
final class RequestLogQueries {

	private static final String STATS = "COUNT(*) AS total, "
			+ "SUM(CASE WHEN status = 'success' THEN 1 ELSE 0 END) AS successful, "
			+ "SUM(CASE WHEN status = 'error' THEN 1 ELSE 0 END) AS errors, "
			+ "SUM(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END) AS cancelled, "
			+ "SUM(CASE WHEN status = 'timeout' THEN 1 ELSE 0 END) AS timeouts, "
			+ "AVG(CAST(duration_ms AS DOUBLE PRECISION)) AS avg_duration, "
			+ "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50, "
			+ "PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95, "
			+ "PERCENTILE_CONT(0.99) WITHIN GROUP (ORDER BY duration_ms) AS p99, "
			+ "MAX(created_at) AS last_activity";

	private final JdbcTemplate jdbc;

	RequestLogQueries(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	Map<String, Object> overview(MonitorParameters.Window window) {
		Map<String, Object> stats = this.jdbc.queryForObject("SELECT " + STATS
				+ " FROM cfg_grpc_request_log WHERE created_at >= ? AND created_at < ?", (row, i) -> stats(row),
				from(window), to(window));
		Map<String, Object> overview = new LinkedHashMap<>();
		overview.put("total", stats.get("total"));
		overview.put("successful", stats.get("successful"));
		overview.put("errors", stats.get("errors"));
		overview.put("cancelled", stats.get("cancelled"));
		overview.put("timeout", stats.get("timeout"));
		overview.put("success_rate", stats.get("success_rate"));
		overview.put("avg_duration_ms", stats.get("avg_duration_ms"));
		overview.put("p50_duration_ms", stats.get("p50_duration_ms"));
		overview.put("p95_duration_ms", stats.get("p95_duration_ms"));
		overview.put("p99_duration_ms", stats.get("p99_duration_ms"));
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

	long count(String service, String method, String status) {
		StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM cfg_grpc_request_log WHERE 1 = 1");
		List<Object> arguments = new ArrayList<>();
		if (service != null && !service.isBlank()) {
			sql.append(" AND service_name = ?");
			arguments.add(service);
		}
		if (method != null && !method.isBlank()) {
			sql.append(" AND method_name = ?");
			arguments.add(method);
		}
		if (status != null) {
			sql.append(" AND status = ?");
			arguments.add(status);
		}
		return this.jdbc.queryForObject(sql.toString(), Long.class, arguments.toArray());
	}

	List<Map<String, Object>> services(MonitorParameters.Window window) {
		return this.jdbc.query("SELECT service_name, " + STATS + " FROM cfg_grpc_request_log "
				+ "WHERE created_at >= ? AND created_at < ? GROUP BY service_name ORDER BY total DESC, service_name",
				(row, i) -> {
					Map<String, Object> service = new LinkedHashMap<>();
					service.put("service_name", row.getString("service_name"));
					service.putAll(groupStats(row));
					return service;
				}, from(window), to(window));
	}

	List<Map<String, Object>> methods(MonitorParameters.Window window, String service) {
		boolean filtered = service != null && !service.isBlank();
		Object[] arguments = filtered ? new Object[] { from(window), to(window), service }
				: new Object[] { from(window), to(window) };
		return this.jdbc.query("SELECT service_name, method_name, " + STATS + " FROM cfg_grpc_request_log "
				+ "WHERE created_at >= ? AND created_at < ?" + (filtered ? " AND service_name = ?" : "")
				+ " GROUP BY service_name, method_name ORDER BY total DESC, service_name, method_name", (row, i) -> {
					Map<String, Object> method = new LinkedHashMap<>();
					method.put("method_name", row.getString("method_name"));
					method.put("service_name", row.getString("service_name"));
					method.putAll(groupStats(row));
					return method;
				}, arguments);
	}

	List<Map<String, Object>> timeline(MonitorParameters.Window window, String interval) {
		// Bucketed in Java: truncating timestamps differs between H2 and PostgreSQL.
		Map<Long, long[]> buckets = new java.util.TreeMap<>();
		long size = switch (interval) {
			case "minute" -> 60_000L;
			case "day" -> 86_400_000L;
			default -> 3_600_000L;
		};
		this.jdbc.query("SELECT created_at, status FROM cfg_grpc_request_log WHERE created_at >= ? AND created_at < ?",
				(ResultSet row) -> {
					long bucket = Math.floorDiv(row.getTimestamp(1).getTime(), size) * size;
					long[] counts = buckets.computeIfAbsent(bucket, (b) -> new long[5]);
					counts[0]++;
					switch (row.getString(2)) {
						case "success" -> counts[1]++;
						case "error" -> counts[2]++;
						case "timeout" -> counts[3]++;
						case "cancelled" -> counts[4]++;
						default -> {
						}
					}
				}, from(window), to(window));
		List<Map<String, Object>> timeline = new ArrayList<>();
		buckets.forEach((start, counts) -> {
			Map<String, Object> point = new LinkedHashMap<>();
			point.put("timestamp", java.time.Instant.ofEpochMilli(start).toString());
			point.put("count", counts[0]);
			point.put("successful", counts[1]);
			point.put("errors", counts[2]);
			point.put("timeout", counts[3]);
			point.put("cancelled", counts[4]);
			timeline.add(point);
		});
		return timeline;
	}

	private static Map<String, Object> groupStats(ResultSet row) throws SQLException {
		Map<String, Object> all = stats(row);
		Map<String, Object> group = new LinkedHashMap<>();
		group.put("total", all.get("total"));
		group.put("successful", all.get("successful"));
		group.put("errors", all.get("errors"));
		group.put("avg_duration_ms", all.get("avg_duration_ms"));
		group.put("p50_duration_ms", all.get("p50_duration_ms"));
		group.put("p95_duration_ms", all.get("p95_duration_ms"));
		group.put("p99_duration_ms", all.get("p99_duration_ms"));
		group.put("last_activity_at", all.get("last_activity_at"));
		return group;
	}

	private static Map<String, Object> stats(ResultSet row) throws SQLException {
		long total = row.getLong("total");
		long successful = row.getLong("successful");
		Map<String, Object> stats = new LinkedHashMap<>();
		stats.put("total", total);
		stats.put("successful", successful);
		stats.put("errors", row.getLong("errors"));
		stats.put("cancelled", row.getLong("cancelled"));
		stats.put("timeout", row.getLong("timeouts"));
		stats.put("success_rate", (total == 0) ? 0.0 : round(100.0 * successful / total));
		stats.put("avg_duration_ms", round(row.getDouble("avg_duration")));
		stats.put("p50_duration_ms", nullableRound(row, "p50"));
		stats.put("p95_duration_ms", nullableRound(row, "p95"));
		stats.put("p99_duration_ms", nullableRound(row, "p99"));
		stats.put("last_activity_at", iso(row.getTimestamp("last_activity")));
		return stats;
	}

	private static Double nullableRound(ResultSet row, String column) throws SQLException {
		double value = row.getDouble(column);
		return row.wasNull() ? null : round(value);
	}

	private static double round(double value) {
		return Math.round(value * 100.0) / 100.0;
	}

	private static String iso(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant().toString() : null;
	}

	private static Timestamp from(MonitorParameters.Window window) {
		return Timestamp.from(window.from());
	}

	private static Timestamp to(MonitorParameters.Window window) {
		return Timestamp.from(window.to());
	}

}
