package dev.cfg.grpc.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.dao.ConcurrencyFailureException;

/**
 * The per-minute totals ({@code cfg_grpc_request_minute}) of a batch of records, added to the
 * stored ones in the writer's transaction. Rows of the batch's minutes are read with
 * {@code FOR UPDATE}, so two applications sharing a database add up instead of overwriting each
 * other; when both insert the same new minute, one fails and its batch is retried.
 */
final class RequestMinutes {

	private static final int KEYS_PER_STATEMENT = 100;

	private static final String UNIQUE_VIOLATION = "23505";

	private RequestMinutes() {
	}

	record Key(Instant minute, String service, String method) {
	}

	static Instant minuteOf(Instant instant) {
		return Instant.ofEpochMilli(Math.floorDiv(instant.toEpochMilli(), 60_000L) * 60_000L);
	}

	static Map<Key, MinuteTotals> of(List<RequestLogRecord> records) {
		Map<Key, MinuteTotals> minutes = new LinkedHashMap<>();
		for (RequestLogRecord record : records) {
			minutes.computeIfAbsent(new Key(minuteOf(record.createdAt()), record.serviceName(), record.methodName()),
					(key) -> new MinuteTotals())
				.add(record);
		}
		return minutes;
	}

	/**
	 * Adds the totals to the stored minutes on the writer's connection, inside its transaction.
	 */
	static void store(Connection connection, Map<Key, MinuteTotals> minutes) throws SQLException {
		List<Key> keys = new ArrayList<>(minutes.keySet());
		for (int from = 0; from < keys.size(); from += KEYS_PER_STATEMENT) {
			store(connection, minutes, keys.subList(from, Math.min(keys.size(), from + KEYS_PER_STATEMENT)));
		}
	}

	private static void store(Connection connection, Map<Key, MinuteTotals> minutes, List<Key> keys) throws SQLException {
		Map<Key, MinuteTotals> stored = new HashMap<>();
		StringBuilder select = new StringBuilder("SELECT minute_start, service_name, method_name, total, successful, "
				+ "errors, cancelled, timeouts, duration_sum, durations, last_activity FROM cfg_grpc_request_minute "
				+ "WHERE (minute_start, service_name, method_name) IN (");
		appendRows(select, keys.size(), "(?, ?, ?)");
		select.append(") FOR UPDATE");
		try (PreparedStatement statement = connection.prepareStatement(select.toString())) {
			int index = 1;
			for (Key key : keys) {
				statement.setTimestamp(index++, Timestamp.from(key.minute()));
				statement.setString(index++, key.service());
				statement.setString(index++, key.method());
			}
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					Key key = new Key(rows.getTimestamp("minute_start").toInstant(), rows.getString("service_name"),
							rows.getString("method_name"));
					MinuteTotals totals = new MinuteTotals();
					totals.addStored(rows);
					stored.put(key, totals);
				}
			}
		}
		List<Key> fresh = new ArrayList<>();
		try (PreparedStatement update = connection.prepareStatement("UPDATE cfg_grpc_request_minute SET total = ?, "
				+ "successful = ?, errors = ?, cancelled = ?, timeouts = ?, duration_sum = ?, durations = ?, "
				+ "last_activity = ? WHERE minute_start = ? AND service_name = ? AND method_name = ?")) {
			boolean any = false;
			for (Key key : keys) {
				MinuteTotals existing = stored.get(key);
				if (existing == null) {
					fresh.add(key);
					continue;
				}
				existing.addAll(minutes.get(key));
				int index = bindMinuteTotals(update, 1, existing);
				update.setTimestamp(index++, Timestamp.from(key.minute()));
				update.setString(index++, key.service());
				update.setString(index, key.method());
				update.addBatch();
				any = true;
			}
			if (any) {
				update.executeBatch();
			}
		}
		if (fresh.isEmpty()) {
			return;
		}
		StringBuilder insert = new StringBuilder("INSERT INTO cfg_grpc_request_minute (minute_start, service_name, "
				+ "method_name, total, successful, errors, cancelled, timeouts, duration_sum, durations, last_activity) "
				+ "VALUES ");
		appendRows(insert, fresh.size(), "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
		try (PreparedStatement statement = connection.prepareStatement(insert.toString())) {
			int index = 1;
			for (Key key : fresh) {
				statement.setTimestamp(index++, Timestamp.from(key.minute()));
				statement.setString(index++, key.service());
				statement.setString(index++, key.method());
				index = bindMinuteTotals(statement, index, minutes.get(key));
			}
			statement.executeUpdate();
		}
		catch (SQLException ex) {
			if (UNIQUE_VIOLATION.equals(ex.getSQLState())) {
				// Another writer added one of these minutes since the read: retry the batch.
				throw new ConcurrencyFailureException("Another writer stored the same minute first", ex);
			}
			throw ex;
		}
	}

	private static int bindMinuteTotals(PreparedStatement statement, int first, MinuteTotals totals) throws SQLException {
		int index = first;
		statement.setLong(index++, totals.total());
		statement.setLong(index++, totals.successful());
		statement.setLong(index++, totals.errors());
		statement.setLong(index++, totals.cancelled());
		statement.setLong(index++, totals.timeouts());
		statement.setLong(index++, totals.durationSum());
		statement.setString(index++, totals.durations().encode());
		statement.setTimestamp(index++, Timestamp.from(totals.lastActivity()));
		return index;
	}

	private static void appendRows(StringBuilder sql, int rows, String placeholders) {
		for (int i = 0; i < rows; i++) {
			sql.append((i == 0) ? "" : ", ").append(placeholders);
		}
	}

}
