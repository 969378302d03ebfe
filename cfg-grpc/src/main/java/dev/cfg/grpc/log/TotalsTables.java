package dev.cfg.grpc.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.dao.ConcurrencyFailureException;

/**
 * The per-minute and per-hour totals ({@link TotalsSpan}) of a batch of records, added to the
 * stored ones in the writer's transaction. Rows of the batch's spans are read with
 * {@code FOR UPDATE}, so two applications sharing a database add up instead of overwriting each
 * other; when both insert the same new span, one fails and its batch is retried.
 */
final class TotalsTables {

	private static final int KEYS_PER_STATEMENT = 100;

	private static final String UNIQUE_VIOLATION = "23505";

	/** The service and method name under which calls to unknown methods are added up. */
	static final String UNKNOWN = "unknown";

	private static final String UNKNOWN_TYPE = io.grpc.MethodDescriptor.MethodType.UNKNOWN.name();

	private TotalsTables() {
	}

	record Key(Instant start, String service, String method) {
	}

	/**
	 * Adds a batch of records to the stored totals of every span, on the writer's connection,
	 * inside its transaction. Records are added up once, by the minute; longer spans add up
	 * minutes.
	 */
	static void store(Connection connection, List<RequestLogRecord> records) throws SQLException {
		Map<Key, CallTotals> totals = new LinkedHashMap<>();
		for (RequestLogRecord record : records) {
			// Calls to methods the server does not have share one row: clients choose those names.
			boolean unknown = UNKNOWN_TYPE.equals(record.methodType());
			totals.computeIfAbsent(new Key(TotalsSpan.MINUTE.startOf(record.createdAt()),
					unknown ? UNKNOWN : record.serviceName(), unknown ? UNKNOWN : record.methodName()),
					(key) -> new CallTotals())
				.add(record);
		}
		for (TotalsSpan span : TotalsSpan.values()) {
			if (span != TotalsSpan.MINUTE) {
				Map<Key, CallTotals> longer = new LinkedHashMap<>();
				totals.forEach((minute, added) -> longer
					.computeIfAbsent(new Key(span.startOf(minute.start()), minute.service(), minute.method()),
							(key) -> new CallTotals())
					.addAll(added));
				totals = longer;
			}
			List<Key> keys = new ArrayList<>(totals.keySet());
			for (int from = 0; from < keys.size(); from += KEYS_PER_STATEMENT) {
				store(connection, span, totals, keys.subList(from, Math.min(keys.size(), from + KEYS_PER_STATEMENT)));
			}
		}
	}

	private static void store(Connection connection, TotalsSpan span, Map<Key, CallTotals> totals, List<Key> keys)
			throws SQLException {
		Map<Key, CallTotals> stored = new HashMap<>();
		StringBuilder select = new StringBuilder("SELECT " + span.startColumn() + ", service_name, method_name, total, "
				+ "successful, errors, cancelled, timeouts, duration_sum, durations, last_activity FROM " + span.table()
				+ " WHERE (" + span.startColumn() + ", service_name, method_name) IN (");
		select.append(rows(keys.size(), "(?, ?, ?)"));
		select.append(") FOR UPDATE");
		try (PreparedStatement statement = connection.prepareStatement(select.toString())) {
			int index = 1;
			for (Key key : keys) {
				statement.setTimestamp(index++, Timestamp.from(key.start()));
				statement.setString(index++, key.service());
				statement.setString(index++, key.method());
			}
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					Key key = new Key(rows.getTimestamp(span.startColumn()).toInstant(), rows.getString("service_name"),
							rows.getString("method_name"));
					CallTotals row = new CallTotals();
					row.addStored(rows);
					stored.put(key, row);
				}
			}
		}
		List<Key> fresh = new ArrayList<>();
		try (PreparedStatement update = connection.prepareStatement("UPDATE " + span.table() + " SET total = ?, "
				+ "successful = ?, errors = ?, cancelled = ?, timeouts = ?, duration_sum = ?, durations = ?, "
				+ "last_activity = ? WHERE " + span.startColumn() + " = ? AND service_name = ? AND method_name = ?")) {
			boolean any = false;
			for (Key key : keys) {
				CallTotals existing = stored.get(key);
				if (existing == null) {
					fresh.add(key);
					continue;
				}
				existing.addAll(totals.get(key));
				int index = bindTotals(update, 1, existing);
				update.setTimestamp(index++, Timestamp.from(key.start()));
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
		StringBuilder insert = new StringBuilder("INSERT INTO " + span.table() + " (" + span.startColumn()
				+ ", service_name, method_name, total, successful, errors, cancelled, timeouts, duration_sum, durations, "
				+ "last_activity) VALUES ");
		insert.append(rows(fresh.size(), "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
		try (PreparedStatement statement = connection.prepareStatement(insert.toString())) {
			int index = 1;
			for (Key key : fresh) {
				statement.setTimestamp(index++, Timestamp.from(key.start()));
				statement.setString(index++, key.service());
				statement.setString(index++, key.method());
				index = bindTotals(statement, index, totals.get(key));
			}
			statement.executeUpdate();
		}
		catch (SQLException ex) {
			if (UNIQUE_VIOLATION.equals(ex.getSQLState())) {
				// Another writer added one of these spans since the read: retry the batch.
				throw new ConcurrencyFailureException("Another writer stored the same span first", ex);
			}
			throw ex;
		}
	}

	private static int bindTotals(PreparedStatement statement, int first, CallTotals totals) throws SQLException {
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

	/** The placeholders of a multi-row statement: {@code (?, ?), (?, ?), ...}. */
	static String rows(int count, String placeholders) {
		return String.join(", ", Collections.nCopies(count, placeholders));
	}

}
