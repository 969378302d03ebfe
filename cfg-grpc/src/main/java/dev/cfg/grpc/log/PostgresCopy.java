package dev.cfg.grpc.log;

import java.io.IOException;
import java.io.StringReader;
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

	private static final String COPY = "COPY cfg_grpc_request_log (" + RequestLogWriter.COLUMNS + ") FROM STDIN";

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
		StringBuilder rows = new StringBuilder(batch.size() * 400);
		for (RequestLogRecord record : batch) {
			text(rows, record.requestId()).append('\t');
			text(rows, record.serviceName()).append('\t');
			text(rows, record.methodName()).append('\t');
			text(rows, record.fullMethod()).append('\t');
			text(rows, record.methodType()).append('\t');
			rows.append(record.requestSize()).append('\t');
			rows.append(record.responseSize()).append('\t');
			rows.append(record.requestCount()).append('\t');
			rows.append(record.responseCount()).append('\t');
			text(rows, record.requestData()).append('\t');
			text(rows, record.responseData()).append('\t');
			text(rows, record.outcome().word()).append('\t');
			text(rows, record.grpcStatusCode()).append('\t');
			text(rows, record.errorMessage()).append('\t');
			text(rows, record.errorDetails()).append('\t');
			rows.append(record.durationMs()).append('\t');
			Long userId = RequestLogWriter.numericOrNull(record.userId());
			rows.append((userId != null) ? userId.toString() : "\\N").append('\t');
			text(rows, record.username()).append('\t');
			rows.append(record.authenticated() ? 't' : 'f').append('\t');
			text(rows, record.apiKeyPrefix()).append('\t');
			text(rows, record.clientIp()).append('\t');
			text(rows, record.userAgent()).append('\t');
			text(rows, record.peer()).append('\t');
			text(rows, record.instanceId()).append('\t');
			text(rows, record.traceId()).append('\t');
			text(rows, record.spanId()).append('\t');
			text(rows, record.parentRequestId()).append('\t');
			rows.append(record.createdAt()).append('\t');
			rows.append(record.completedAt()).append('\n');
		}
		try {
			connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY, new StringReader(rows.toString()));
		}
		catch (IOException ex) {
			throw new SQLException("Could not send the request log rows", ex);
		}
	}

	/** A value in COPY's text format: \N for null; backslash, tab and line ends escaped. */
	private static StringBuilder text(StringBuilder rows, String value) {
		if (value == null) {
			return rows.append("\\N");
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '\\' -> rows.append("\\\\");
				case '\t' -> rows.append("\\t");
				case '\n' -> rows.append("\\n");
				case '\r' -> rows.append("\\r");
				default -> rows.append(c);
			}
		}
		return rows;
	}

}
