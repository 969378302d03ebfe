package dev.cfg.grpc.log;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.grpc.Status;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import dev.cfg.grpc.pipeline.CallOutcome;
import dev.cfg.grpc.pipeline.RequestIds;

/**
 * Reads the request log: the one door to {@code cfg_grpc_request_log} and its per-minute and
 * per-hour totals for everything outside this package (the monitoring API, the admin, the
 * commands, application code). A bean.
 * <p>
 * Lists of calls read the log's rows newest first, through its {@code created_at} indexes, a page
 * at a time: by cursor ({@link #find(RequestFilter, int, RequestPage.Cursor)}), which stays fast
 * however deep, or by offset. Statistics and timelines add up the totals the writer keeps beside
 * the rows, so they cost the same however many calls a minute holds; a window counts every whole
 * minute it touches.
 */
public final class RequestLog {

	private static final String SUMMARY_COLUMNS = "id, " + RequestLogColumn.SUMMARY.stream()
		.map(RequestLogColumn::sql)
		.collect(Collectors.joining(", "));

	private static final String ALL_COLUMNS = "id, " + RequestLogColumn.NAMES;

	private static final String TOTALS = "SELECT service_name, method_name, total, successful, errors, cancelled, "
			+ "timeouts, duration_sum, durations, last_activity FROM %s WHERE %s >= ? AND %s < ?";

	/** Totals with the start of their minute or hour, for timelines. */
	private static final String SPANS = "SELECT %s AS span_start, total, successful, errors, cancelled, timeouts, "
			+ "duration_sum, durations, last_activity FROM %s WHERE %s >= ? AND %s < ?";

	/** The most intervals one timeline has: a week of minutes (a year of hours fits too). */
	public static final int MAX_TIMELINE_POINTS = 10_080;

	/** The {@code request_id} column's length. */
	private static final int REQUEST_ID_LENGTH = 36;

	private final JdbcTemplate jdbc;

	RequestLog(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A page of calls, newest first.
	 * @param filter which calls
	 * @param limit calls a page, at most
	 * @param after where the page starts ({@link RequestPage#next()} of the previous page), or null for the first
	 * @return the page, with the cursor of the next one
	 */
	public RequestPage find(RequestFilter filter, int limit, RequestPage.Cursor after) {
		Where where = where(filter);
		if (after != null) {
			where.and("(created_at < ? OR (created_at = ? AND id < ?))", Timestamp.from(after.createdAt()),
					Timestamp.from(after.createdAt()), after.id());
		}
		where.arguments.add(limit + 1);
		List<Row> rows = this.jdbc.query("SELECT " + SUMMARY_COLUMNS + " FROM cfg_grpc_request_log" + where.sql
				+ " ORDER BY created_at DESC, id DESC FETCH FIRST ? ROWS ONLY", (row, i) -> new Row(row.getLong("id"),
						record(row, false)), where.arguments.toArray());
		RequestPage.Cursor next = null;
		if (rows.size() > limit) {
			rows = rows.subList(0, limit);
			Row last = rows.get(limit - 1);
			next = new RequestPage.Cursor(last.record().createdAt(), last.id());
		}
		return new RequestPage(rows.stream().map(Row::record).toList(), next);
	}

	/**
	 * A page of calls, newest first, by position; deep pages cost more than with a cursor.
	 * @param filter which calls
	 * @param limit calls a page, at most
	 * @param offset calls to skip
	 * @return the calls (their bodies not read)
	 */
	public List<RequestLogRecord> find(RequestFilter filter, int limit, long offset) {
		Where where = where(filter);
		where.arguments.add(offset);
		where.arguments.add(limit);
		return this.jdbc.query("SELECT " + SUMMARY_COLUMNS + " FROM cfg_grpc_request_log" + where.sql
				+ " ORDER BY created_at DESC, id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY",
				(row, i) -> record(row, false), where.arguments.toArray());
	}

	/**
	 * One call with everything stored of it, bodies and error details included.
	 * @param requestId its request id, as a client sent it back (anything longer than the column is
	 * answered without a query)
	 * @return the call, or empty when the log has no such call
	 */
	public Optional<RequestLogRecord> get(String requestId) {
		if (requestId == null || requestId.length() > REQUEST_ID_LENGTH) {
			return Optional.empty();
		}
		return this.jdbc
			.query("SELECT " + ALL_COLUMNS + " FROM cfg_grpc_request_log WHERE request_id = ?",
					(row, i) -> record(row, true), requestId)
			.stream()
			.findFirst();
	}

	/**
	 * How many calls match. A filter of only service, method and outcome is answered from the
	 * per-hour totals (as cheap at a million rows as at ten); any other criterion counts rows.
	 * @param filter which calls
	 * @return the number stored
	 */
	public long count(RequestFilter filter) {
		if (filter.countableFromTotals()) {
			String column = (filter.outcome() != null) ? switch (filter.outcome()) {
				case SUCCESS -> "successful";
				case ERROR -> "errors";
				case CANCELLED -> "cancelled";
				case TIMEOUT -> "timeouts";
			} : "total";
			Where where = new Where();
			where.andEquals("service_name", filter.service());
			where.andEquals("method_name", filter.method());
			return this.jdbc.queryForObject("SELECT COALESCE(SUM(" + column + "), 0) FROM " + TotalsSpan.HOUR.table()
					+ where.sql, Long.class, where.arguments.toArray());
		}
		Where where = where(filter);
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM cfg_grpc_request_log" + where.sql, Long.class,
				where.arguments.toArray());
	}

	/**
	 * The calls of a window, added up.
	 * @param window the window
	 * @return totals and percentiles of all calls
	 */
	public CallStatistics statistics(TimeWindow window) {
		CallTotals all = new CallTotals();
		totals(window, null, all::addStored);
		return CallStatistics.of(null, null, all);
	}

	/**
	 * The calls of a window per service, busiest first.
	 * @param window the window
	 * @return one entry per service with calls
	 */
	public List<CallStatistics> services(TimeWindow window) {
		Map<String, CallTotals> services = new TreeMap<>();
		totals(window, null, (row) -> services.computeIfAbsent(row.getString("service_name"), (name) -> new CallTotals())
			.addStored(row));
		return busiestFirst(services).stream()
			.map((entry) -> CallStatistics.of(entry.getKey(), null, entry.getValue()))
			.toList();
	}

	/**
	 * The calls of a window per method, busiest first.
	 * @param window the window
	 * @param service only the methods of this service, or null for all
	 * @return one entry per method with calls
	 */
	public List<CallStatistics> methods(TimeWindow window, String service) {
		Map<List<String>, CallTotals> methods = new TreeMap<>(
				Comparator.comparing((List<String> key) -> key.get(0)).thenComparing((key) -> key.get(1)));
		totals(window, (service != null && !service.isBlank()) ? service : null,
				(row) -> methods
					.computeIfAbsent(List.of(row.getString("service_name"), row.getString("method_name")),
							(key) -> new CallTotals())
					.addStored(row));
		return busiestFirst(methods).stream()
			.map((entry) -> CallStatistics.of(entry.getKey().get(0), entry.getKey().get(1), entry.getValue()))
			.toList();
	}

	/**
	 * Calls per interval of a window, oldest first, every interval included (those without calls as
	 * zeros, with null percentiles).
	 * @param window the window
	 * @param step the length of each interval
	 * @return one point per interval, at most {@value #MAX_TIMELINE_POINTS}
	 * @throws IllegalArgumentException when the window holds more intervals than that
	 */
	public List<TimelinePoint> timeline(TimeWindow window, TimelinePoint.Step step) {
		long size = step.millis();
		Map<Long, CallTotals> buckets = new TreeMap<>();
		RowCallbackHandler add = (row) -> {
			long bucket = Math.floorDiv(row.getTimestamp("span_start").getTime(), size) * size;
			buckets.computeIfAbsent(bucket, (b) -> new CallTotals()).addStored(row);
		};
		for (Range range : ranges(window, step != TimelinePoint.Step.MINUTE)) {
			String column = range.span().startColumn();
			this.jdbc.query(String.format(SPANS, column, range.span().table(), column, column), add,
					Timestamp.from(range.from()), Timestamp.from(range.to()));
		}
		// Every interval of the window, those without calls as zeros, so charts show the quiet too.
		long first = Math.floorDiv(window.from().toEpochMilli(), size) * size;
		long end = window.to().toEpochMilli();
		if ((end - first) / size > MAX_TIMELINE_POINTS) {
			throw new IllegalArgumentException("A timeline has at most " + MAX_TIMELINE_POINTS + " intervals");
		}
		CallStatistics quiet = CallStatistics.of(null, null, new CallTotals());
		List<TimelinePoint> timeline = new ArrayList<>();
		for (long start = first; start < end; start += size) {
			CallTotals totals = buckets.get(start);
			timeline.add(TimelinePoint.of(Instant.ofEpochMilli(start),
					(totals != null) ? CallStatistics.of(null, null, totals) : quiet));
		}
		return timeline;
	}

	/**
	 * The calls of a window that took at least a given time, newest first.
	 * @param window the window
	 * @param threshold the shortest duration that counts as slow
	 * @param limit calls at most
	 * @return the slow calls (their bodies not read)
	 */
	public List<RequestLogRecord> slowCalls(TimeWindow window, Duration threshold, int limit) {
		return this.jdbc.query("SELECT " + SUMMARY_COLUMNS + " FROM cfg_grpc_request_log WHERE created_at >= ? "
				+ "AND created_at < ? AND duration_ms >= ? ORDER BY created_at DESC, id DESC FETCH FIRST ? ROWS ONLY",
				(row, i) -> record(row, false), Timestamp.from(window.from()), Timestamp.from(window.to()),
				(int) Math.min(Integer.MAX_VALUE, threshold.toMillis()), limit);
	}

	/**
	 * Reads the totals of the whole minutes the window touches, optionally of one service: its
	 * whole hours from the hour table, the minutes before and after them from the minute table.
	 */
	private void totals(TimeWindow window, String service, RowCallbackHandler each) {
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
	static List<Range> ranges(TimeWindow window, boolean hours) {
		Instant from = TotalsSpan.MINUTE.startOf(window.from());
		Instant to = TotalsSpan.MINUTE.endOf(window.to());
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

	/**
	 * Each outcome as the status codes it follows from ({@link CallOutcome#of}), a condition on the
	 * codes' column, so the outcome's column needs no index of its own. The codes are constants,
	 * written into the SQL, so PostgreSQL can prove that a query for failures fits its partial
	 * indexes of the calls that did not end OK (checked with EXPLAIN: the newest-first index of
	 * failures is read, with {@code grpc_status_code <> 'OK'} as its condition).
	 */
	private static final Map<CallOutcome, String> OUTCOME_CODES = Stream.of(Status.Code.values())
		.collect(Collectors.groupingBy(CallOutcome::of, () -> new EnumMap<>(CallOutcome.class),
				Collectors.mapping((code) -> "'" + code.name() + "'",
						Collectors.joining(", ", "grpc_status_code IN (", ")"))));

	private static Where where(RequestFilter filter) {
		Where where = new Where();
		where.andEquals("service_name", filter.service());
		where.andEquals("method_name", filter.method());
		if (filter.outcome() != null) {
			where.and(OUTCOME_CODES.get(filter.outcome()));
		}
		where.andEquals("grpc_status_code", filter.grpcCode());
		where.andEquals("username", filter.username());
		where.andEquals("client_ip", filter.clientIp());
		where.andEquals("request_id", filter.requestId());
		where.andEquals("protocol", filter.protocol());
		where.andEquals("instance_id", filter.instanceId());
		where.andEquals("trace_id", filter.traceId());
		where.andEquals("parent_request_id", filter.parentRequestId());
		if (filter.userId() != null) {
			// Only numeric ids are stored (an application's own users may use others).
			Long id = RequestLogColumn.numericOrNull(filter.userId());
			where.and((id != null) ? "user_id = ?" : "1 = 0", (id != null) ? new Object[] { id } : new Object[0]);
		}
		if (filter.authenticated() != null) {
			where.and("is_authenticated = ?", filter.authenticated());
		}
		if (filter.from() != null) {
			where.and("created_at >= ?", Timestamp.from(filter.from()));
		}
		if (filter.to() != null) {
			where.and("created_at < ?", Timestamp.from(filter.to()));
		}
		if (filter.text() != null && RequestIds.isRequestId(filter.text().toLowerCase(Locale.ROOT))) {
			// A whole request id names one call: found through its unique index, not by scanning
			// every row for the text (no method, username, message or address holds a UUID).
			where.and("request_id = ?", filter.text().toLowerCase(Locale.ROOT));
		}
		else if (filter.text() != null) {
			String pattern = "%" + filter.text().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
					.replace("_", "\\_") + "%";
			where.and("(request_id = ? OR LOWER(full_method) LIKE ? ESCAPE '\\' OR LOWER(username) LIKE ? ESCAPE '\\' "
					+ "OR LOWER(error_message) LIKE ? ESCAPE '\\' OR client_ip LIKE ? ESCAPE '\\')", filter.text(),
					pattern, pattern, pattern, pattern);
		}
		return where;
	}

	private static RequestLogRecord record(ResultSet row, boolean everything) throws SQLException {
		RequestLogRecord.Builder builder = RequestLogRecord.builder();
		for (RequestLogColumn column : everything ? RequestLogColumn.ALL : RequestLogColumn.SUMMARY) {
			column.read(row, builder);
		}
		return builder.build();
	}

	private record Row(long id, RequestLogRecord record) {
	}

	/** A WHERE clause and its arguments, built criterion by criterion. */
	private static final class Where {

		private final StringBuilder sql = new StringBuilder();

		private final List<Object> arguments = new ArrayList<>();

		void and(String condition, Object... values) {
			this.sql.append(this.sql.isEmpty() ? " WHERE " : " AND ").append(condition);
			this.arguments.addAll(List.of(values));
		}

		void andEquals(String column, String value) {
			if (value != null) {
				and(column + " = ?", value);
			}
		}

	}

}
