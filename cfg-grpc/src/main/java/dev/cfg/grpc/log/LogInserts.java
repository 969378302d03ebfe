package dev.cfg.grpc.log;

import java.util.List;

/**
 * The request log's rows as multi-row INSERT statements of up to {@link #ROWS_PER_STATEMENT} rows,
 * one statement (and one round trip) per chunk, several times faster than a JDBC batch of
 * single-row inserts; the columns and their values are {@link RequestLogColumn}'s.
 */
final class LogInserts {

	private static final String INSERT_COLUMNS = "INSERT INTO cfg_grpc_request_log (" + RequestLogColumn.NAMES
			+ ") VALUES";

	private static final String ROW_PLACEHOLDERS = "(" + "?, ".repeat(RequestLogColumn.values().length - 1) + "?)";

	/** 29 parameters a row: 200 rows stay far below PostgreSQL's 65,535 parameters a statement. */
	static final int ROWS_PER_STATEMENT = 200;

	/** The statement of a full chunk, built once: most chunks are full under load. */
	private static final String FULL_INSERT = rowsInsert(ROWS_PER_STATEMENT);

	private LogInserts() {
	}

	static void insert(java.sql.Connection connection, List<RequestLogRecord> batch)
			throws java.sql.SQLException {
		for (int from = 0; from < batch.size(); from += ROWS_PER_STATEMENT) {
			List<RequestLogRecord> chunk = batch.subList(from, Math.min(batch.size(), from + ROWS_PER_STATEMENT));
			try (var statement = connection.prepareStatement(insert(chunk.size()))) {
				int index = 1;
				for (RequestLogRecord record : chunk) {
					index = bind(statement, index, record);
				}
				statement.executeUpdate();
			}
		}
	}

	private static String insert(int rows) {
		return (rows == ROWS_PER_STATEMENT) ? FULL_INSERT : rowsInsert(rows);
	}

	private static String rowsInsert(int rows) {
		return INSERT_COLUMNS + " " + TotalsTables.rows(rows, ROW_PLACEHOLDERS);
	}

	private static int bind(java.sql.PreparedStatement statement, int first, RequestLogRecord record)
			throws java.sql.SQLException {
		int index = first;
		// The shared list: values() would copy the array for every row.
		for (RequestLogColumn column : RequestLogColumn.ALL) {
			column.bind(statement, index++, record);
		}
		return index;
	}

}
