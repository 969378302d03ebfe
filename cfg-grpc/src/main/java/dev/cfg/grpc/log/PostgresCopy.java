package dev.cfg.grpc.log;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.postgresql.PGConnection;

/**
 * Writes request log rows with PostgreSQL's {@code COPY ... FROM STDIN} through pgjdbc's
 * {@code CopyManager}: the rows travel as one stream of text, without a statement to plan or a
 * parameter to bind per value. Only loaded when pgjdbc is on the class path and the connection is
 * PostgreSQL's.
 */
final class PostgresCopy {

	private static final String COPY = "COPY cfg_grpc_request_log (" + RequestLogColumn.NAMES + ") FROM STDIN";

	/** About what one row takes, without bodies: the buffer starts at that times the rows. */
	private static final int ROW_BYTES = 400;

	private PostgresCopy() {
	}

	/** Whether a connection can copy: one of pgjdbc's. */
	static boolean supports(Connection connection) {
		try {
			return connection.isWrapperFor(PGConnection.class);
		}
		catch (SQLException ex) {
			return false;
		}
	}

	static void copy(Connection connection, List<RequestLogRecord> batch) throws SQLException {
		CopyText rows = new CopyText(batch.size() * ROW_BYTES);
		List<RequestLogColumn> columns = RequestLogColumn.ALL;
		int last = columns.size() - 1;
		for (RequestLogRecord record : batch) {
			for (int i = 0; i <= last; i++) {
				columns.get(i).copy(rows, record);
				rows.end(i == last);
			}
		}
		try {
			connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY, rows.stream());
		}
		catch (IOException ex) {
			throw new SQLException("Could not send the request log rows", ex);
		}
	}

}
