package dev.cfg.grpc.log;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.cfg.grpc.pipeline.CallOutcome;

/**
 * The columns of {@code cfg_grpc_request_log} that a record fills, each spelled once with its SQL
 * type and where its value comes from: the writer's multi-row inserts and PostgreSQL COPY, the
 * query API's reads, the admin's table and CSV, all go by this list, in this order (the insert's).
 * The generated {@code id} is the one column not here.
 */
public enum RequestLogColumn {

	/** The call's request id. */
	REQUEST_ID(text("request_id", RequestLogRecord::requestId, RequestLogRecord.Builder::requestId)),

	/** {@code package.Service}. */
	SERVICE_NAME(text("service_name", RequestLogRecord::serviceName, RequestLogRecord.Builder::serviceName)),

	/** The method, without its service. */
	METHOD_NAME(text("method_name", RequestLogRecord::methodName, RequestLogRecord.Builder::methodName)),

	/** {@code package.Service/Method}. */
	FULL_METHOD(text("full_method", RequestLogRecord::fullMethod, RequestLogRecord.Builder::fullMethod)),

	/** {@code UNARY}, the streaming kinds, or {@code UNKNOWN}. */
	METHOD_TYPE(text("method_type", RequestLogRecord::methodType, RequestLogRecord.Builder::methodType)),

	/** Bytes of the request messages. */
	REQUEST_SIZE(whole("request_size", RequestLogRecord::requestSize, RequestLogRecord.Builder::requestSize)),

	/** Bytes of the response messages. */
	RESPONSE_SIZE(whole("response_size", RequestLogRecord::responseSize, RequestLogRecord.Builder::responseSize)),

	/** Request messages. */
	REQUEST_COUNT(count("request_count", RequestLogRecord::requestCount, RequestLogRecord.Builder::requestCount)),

	/** Response messages. */
	RESPONSE_COUNT(count("response_count", RequestLogRecord::responseCount, RequestLogRecord.Builder::responseCount)),

	/** The first request message as JSON, when stored; read only with a call's bodies. */
	REQUEST_DATA(text("request_data", RequestLogRecord::requestData, RequestLogRecord.Builder::requestData).asBody()),

	/** The first response message as JSON, when stored; read only with a call's bodies. */
	RESPONSE_DATA(text("response_data", RequestLogRecord::responseData, RequestLogRecord.Builder::responseData).asBody()),

	/** The outcome's word: {@code success}, {@code error}, {@code cancelled}, {@code timeout}. */
	STATUS(new Spec<>("status", Type.TEXT, (record) -> record.outcome().word(),
			(builder, word) -> builder.outcome(CallOutcome.fromWord(word).orElse(CallOutcome.ERROR)), false)),

	/** The gRPC status code's name. */
	GRPC_STATUS_CODE(text("grpc_status_code", RequestLogRecord::grpcStatusCode, RequestLogRecord.Builder::grpcStatusCode)),

	/** The status description the client got. */
	ERROR_MESSAGE(text("error_message", RequestLogRecord::errorMessage, RequestLogRecord.Builder::errorMessage)),

	/** The exception behind the status and the {@code google.rpc} details; read only with a call's bodies. */
	ERROR_DETAILS(text("error_details", RequestLogRecord::errorDetails, RequestLogRecord.Builder::errorDetails).asBody()),

	/** Milliseconds the call took. */
	DURATION_MS(count("duration_ms", RequestLogRecord::durationMs, RequestLogRecord.Builder::durationMs)),

	/** The caller's numeric user id, or null (an application's own users may have other ids). */
	USER_ID(new Spec<>("user_id", Type.USER_ID, RequestLogRecord::userId, RequestLogRecord.Builder::userId, false)),

	/** The caller's username. */
	USERNAME(text("username", RequestLogRecord::username, RequestLogRecord.Builder::username)),

	/** Whether the call had a caller. */
	IS_AUTHENTICATED(new Spec<>("is_authenticated", Type.BOOLEAN, RequestLogRecord::authenticated,
			RequestLogRecord.Builder::authenticated, false)),

	/** The prefix of the API key the call came with. */
	API_KEY_PREFIX(text("api_key_prefix", RequestLogRecord::apiKeyPrefix, RequestLogRecord.Builder::apiKeyPrefix)),

	/** The client's address, after the trusted-proxy rules. */
	CLIENT_IP(text("client_ip", RequestLogRecord::clientIp, RequestLogRecord.Builder::clientIp)),

	/** The {@code user-agent} header. */
	USER_AGENT(text("user_agent", RequestLogRecord::userAgent, RequestLogRecord.Builder::userAgent)),

	/** The connection's address. */
	PEER(text("peer", RequestLogRecord::peer, RequestLogRecord.Builder::peer)),

	/** How the call reached the server: {@code grpc}, {@code grpc-web}, {@code connect}, {@code http-json}. */
	PROTOCOL(text("protocol", RequestLogRecord::protocol, RequestLogRecord.Builder::protocol)),

	/** The server instance that served the call. */
	INSTANCE_ID(text("instance_id", RequestLogRecord::instanceId, RequestLogRecord.Builder::instanceId)),

	/** The W3C trace id. */
	TRACE_ID(text("trace_id", RequestLogRecord::traceId, RequestLogRecord.Builder::traceId)),

	/** The call's server span. */
	SPAN_ID(text("span_id", RequestLogRecord::spanId, RequestLogRecord.Builder::spanId)),

	/** The request id of the call that made this one. */
	PARENT_REQUEST_ID(text("parent_request_id", RequestLogRecord::parentRequestId,
			RequestLogRecord.Builder::parentRequestId)),

	/** When the call arrived. */
	CREATED_AT(time("created_at", RequestLogRecord::createdAt, RequestLogRecord.Builder::createdAt)),

	/** When the call ended. */
	COMPLETED_AT(time("completed_at", RequestLogRecord::completedAt, RequestLogRecord.Builder::completedAt));

	/** Every column, comma-separated, in the insert's order. */
	static final String NAMES = Stream.of(values()).map(RequestLogColumn::sql).collect(Collectors.joining(", "));

	/** Every column. */
	static final List<RequestLogColumn> ALL = List.of(values());

	/** The columns of a list or page of calls: all but the bodies. */
	static final List<RequestLogColumn> SUMMARY = Stream.of(values()).filter((column) -> !column.spec.body()).toList();

	private final Spec<?> spec;

	RequestLogColumn(Spec<?> spec) {
		this.spec = spec;
	}

	/**
	 * The column's name in SQL, also its name in CSV exports.
	 * @return for example {@code request_id}
	 */
	public String sql() {
		return this.spec.name();
	}

	/**
	 * The column's value for a record, as it is stored.
	 * @param record a record
	 * @return the value (text, number, boolean or instant), or null
	 */
	public Object value(RequestLogRecord record) {
		return this.spec.get().apply(record);
	}

	/** Binds this column's value of a record to a statement's parameter. */
	void bind(PreparedStatement statement, int index, RequestLogRecord record) throws SQLException {
		this.spec.bind(statement, index, record);
	}

	/** Appends this column's value of a record in COPY's text format. */
	void copy(CopyText rows, RequestLogRecord record) {
		this.spec.copy(rows, record);
	}

	/** Reads this column of a row into a builder. */
	void read(ResultSet row, RequestLogRecord.Builder builder) throws SQLException {
		this.spec.read(row, builder);
	}

	/** Whether the column holds a body or details, read only for one call. */
	boolean body() {
		return this.spec.body();
	}

	private static Spec<String> text(String name, Function<RequestLogRecord, String> get,
			BiConsumer<RequestLogRecord.Builder, String> set) {
		return new Spec<>(name, Type.TEXT, get, set, false);
	}

	private static Spec<Long> whole(String name, Function<RequestLogRecord, Long> get,
			BiConsumer<RequestLogRecord.Builder, Long> set) {
		return new Spec<>(name, Type.BIGINT, get, set, false);
	}

	private static Spec<Integer> count(String name, Function<RequestLogRecord, Integer> get,
			BiConsumer<RequestLogRecord.Builder, Integer> set) {
		return new Spec<>(name, Type.INTEGER, get, set, false);
	}

	private static Spec<Instant> time(String name, Function<RequestLogRecord, Instant> get,
			BiConsumer<RequestLogRecord.Builder, Instant> set) {
		return new Spec<>(name, Type.TIMESTAMP, get, set, false);
	}

	/** One column: its name, SQL type, where its value comes from and where it goes when read. */
	private record Spec<T>(String name, Type<T> type, Function<RequestLogRecord, T> get,
			BiConsumer<RequestLogRecord.Builder, T> set, boolean body) {

		Spec<T> asBody() {
			return new Spec<>(this.name, this.type, this.get, this.set, true);
		}

		void bind(PreparedStatement statement, int index, RequestLogRecord record) throws SQLException {
			this.type.bind(statement, index, this.get.apply(record));
		}

		void copy(CopyText rows, RequestLogRecord record) {
			this.type.copy(rows, this.get.apply(record));
		}

		void read(ResultSet row, RequestLogRecord.Builder builder) throws SQLException {
			this.set.accept(builder, this.type.read(row, this.name));
		}

	}

	/** How values of one SQL type are bound, copied and read. */
	private interface Type<T> {

		Type<String> TEXT = new Type<>() {
			@Override
			public void bind(PreparedStatement statement, int index, String value) throws SQLException {
				statement.setString(index, value);
			}

			@Override
			public void copy(CopyText rows, String value) {
				rows.text(value);
			}

			@Override
			public String read(ResultSet row, String name) throws SQLException {
				return row.getString(name);
			}
		};

		Type<Long> BIGINT = new Type<>() {
			@Override
			public void bind(PreparedStatement statement, int index, Long value) throws SQLException {
				statement.setLong(index, value);
			}

			@Override
			public void copy(CopyText rows, Long value) {
				rows.number(value);
			}

			@Override
			public Long read(ResultSet row, String name) throws SQLException {
				return row.getLong(name);
			}
		};

		Type<Integer> INTEGER = new Type<>() {
			@Override
			public void bind(PreparedStatement statement, int index, Integer value) throws SQLException {
				statement.setInt(index, value);
			}

			@Override
			public void copy(CopyText rows, Integer value) {
				rows.number(value);
			}

			@Override
			public Integer read(ResultSet row, String name) throws SQLException {
				return row.getInt(name);
			}
		};

		Type<Boolean> BOOLEAN = new Type<>() {
			@Override
			public void bind(PreparedStatement statement, int index, Boolean value) throws SQLException {
				statement.setBoolean(index, value);
			}

			@Override
			public void copy(CopyText rows, Boolean value) {
				rows.bool(value);
			}

			@Override
			public Boolean read(ResultSet row, String name) throws SQLException {
				return row.getBoolean(name);
			}
		};

		Type<Instant> TIMESTAMP = new Type<>() {
			@Override
			public void bind(PreparedStatement statement, int index, Instant value) throws SQLException {
				statement.setTimestamp(index, Timestamp.from(value));
			}

			@Override
			public void copy(CopyText rows, Instant value) {
				rows.time(value);
			}

			@Override
			public Instant read(ResultSet row, String name) throws SQLException {
				return row.getTimestamp(name).toInstant();
			}
		};

		/** A caller's id, stored as a number when it is one and as null otherwise. */
		Type<String> USER_ID = new Type<>() {
			@Override
			public void bind(PreparedStatement statement, int index, String value) throws SQLException {
				Long id = numericOrNull(value);
				if (id != null) {
					statement.setLong(index, id);
				}
				else {
					statement.setNull(index, Types.BIGINT);
				}
			}

			@Override
			public void copy(CopyText rows, String value) {
				Long id = numericOrNull(value);
				if (id != null) {
					rows.number(id);
				}
				else {
					rows.nullValue();
				}
			}

			@Override
			public String read(ResultSet row, String name) throws SQLException {
				long id = row.getLong(name);
				return row.wasNull() ? null : Long.toString(id);
			}
		};

		void bind(PreparedStatement statement, int index, T value) throws SQLException;

		void copy(CopyText rows, T value);

		T read(ResultSet row, String name) throws SQLException;

	}

	/** The caller's id as a number, when it is one (an application's own users may use others). */
	static Long numericOrNull(String id) {
		if (id == null || id.isEmpty() || id.length() > 18) {
			return null;
		}
		for (int i = 0; i < id.length(); i++) {
			if (id.charAt(i) < '0' || id.charAt(i) > '9') {
				return null;
			}
		}
		return Long.valueOf(id);
	}

}
