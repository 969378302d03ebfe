package dev.cfg.grpc.admin;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import io.grpc.Status;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.util.UriComponentsBuilder;

import dev.cfg.grpc.log.RequestFilter;
import dev.cfg.grpc.log.RequestLog;
import dev.cfg.grpc.log.RequestLogColumn;
import dev.cfg.grpc.log.RequestLogRecord;
import dev.cfg.grpc.log.RequestPage;
import dev.cfg.grpc.log.TimeWindow;
import dev.cfg.grpc.pipeline.CallOutcome;
import dev.cfg.grpc.pipeline.internal.EntryHeaders;

/**
 * The request log browser: calls newest first with filters that are query parameters (so a view
 * can be bookmarked), pages by keyset cursor (as fast on page 500 as on page 1), one call in full,
 * and the filtered calls as CSV, streamed page by page at constant memory.
 */
@Controller
@RequestMapping("${cfg.grpc.admin.path:/admin}")
final class AdminRequests extends AdminPage {

	static final int PAGE_SIZE = 50;

	private static final int CSV_PAGE_SIZE = 1000;

	private static final int MAX_TEXT = 300;

	/** The filter parameters, in the order links carry them. */
	static final List<String> PARAMETERS = List.of("q", "status", "code", "service", "method", "user",
			"authenticated", "protocol", "instance", "trace", "parent", "from", "to");

	private static final List<String> CODES = Arrays.stream(Status.Code.values()).map(Enum::name).toList();

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private final RequestLog log;

	AdminRequests(RequestLog log) {
		this.log = log;
	}

	@GetMapping("/requests")
	String requests(@RequestParam Map<String, String> parameters, Model model) {
		RequestFilter filter = filter(parameters);
		RequestPage.Cursor after = cursor(parameters.get("after"));
		RequestPage page = this.log.find(filter, PAGE_SIZE, after);
		Map<String, String> chosen = chosen(parameters);
		model.addAttribute("calls", page.calls());
		model.addAttribute("chosen", chosen);
		model.addAttribute("filtered", !chosen.isEmpty());
		model.addAttribute("codes", CODES);
		model.addAttribute("outcomes", Arrays.stream(CallOutcome.values()).map(CallOutcome::word).toList());
		model.addAttribute("protocols", EntryHeaders.PROTOCOLS);
		model.addAttribute("firstPage", after == null);
		model.addAttribute("nextQuery", (page.next() != null) ? query(chosen, page.next().token()) : null);
		model.addAttribute("csvQuery", query(chosen, null));
		return page(model, "requests", "Request log");
	}

	/**
	 * Calls as they finish, from the monitoring API's live tail: the page opens the stream and adds
	 * rows as events come, filtered there by service, method, status and user.
	 */
	@GetMapping("/live")
	String live(@RequestParam Map<String, String> parameters, Model model) {
		model.addAttribute("chosen", chosen(parameters));
		model.addAttribute("codes", CODES);
		return page(model, "live", "Live calls");
	}

	@GetMapping("/requests.csv")
	ResponseEntity<StreamingResponseBody> csv(@RequestParam Map<String, String> parameters) {
		RequestFilter filter = filter(parameters);
		StreamingResponseBody body = (out) -> {
			Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
			CsvRows.header(writer);
			RequestPage.Cursor after = null;
			do {
				RequestPage page = this.log.find(filter, CSV_PAGE_SIZE, after);
				for (RequestLogRecord call : page.calls()) {
					CsvRows.row(writer, call);
				}
				writer.flush();
				after = page.next();
			}
			while (after != null);
		};
		return ResponseEntity.ok()
			.contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"requests.csv\"")
			.body(body);
	}

	/** How far before and after a call its trace's calls are looked for. */
	private static final java.time.Duration RELATED_WINDOW = java.time.Duration.ofHours(1);

	@GetMapping("/requests/{requestId}")
	String call(@PathVariable String requestId, Model model, HttpServletResponse response) {
		RequestLogRecord call = this.log.get(requestId).orElse(null);
		if (call == null) {
			response.setStatus(404);
			return problem(model, "No such call", "The request log has no call with this request id. "
					+ "It may not be written yet (the log is written in the background) or it was deleted "
					+ "after the retention period.");
		}
		model.addAttribute("call", call);
		// The calls of its trace and those it made ran around it: a window lets the list find them by
		// time first (H2 does not index trace ids), wide enough for clocks of other machines.
		model.addAttribute("relatedFrom", call.createdAt().minus(RELATED_WINDOW).toString());
		model.addAttribute("relatedTo", call.completedAt().plus(RELATED_WINDOW).toString());
		model.addAttribute("requestJson", pretty(call.requestData()));
		model.addAttribute("responseJson", pretty(call.responseData()));
		return page(model, "request", "Call " + call.requestId());
	}

	/** JSON indented for reading; text that is not JSON (a cut-short body) as it is. */
	static String pretty(String json) {
		if (json == null) {
			return null;
		}
		try {
			return JSON.writeValueAsString(JSON.readTree(json));
		}
		catch (JacksonException ex) {
			return json;
		}
	}

	static RequestFilter filter(Map<String, String> parameters) {
		RequestFilter.Builder filter = RequestFilter.builder()
			.text(text(parameters, "q"))
			.service(text(parameters, "service"))
			.method(text(parameters, "method"))
			.username(text(parameters, "user"))
			.protocol(text(parameters, "protocol"))
			.instanceId(text(parameters, "instance"))
			.traceId(text(parameters, "trace"))
			.parentRequestId(text(parameters, "parent"));
		String status = text(parameters, "status");
		if (status != null) {
			filter.outcome(CallOutcome.fromWord(status)
				.orElseThrow(() -> new BadParameterException("status", "one of success, error, cancelled, timeout")));
		}
		String code = text(parameters, "code");
		if (code != null) {
			String name = code.toUpperCase(Locale.ROOT);
			if (!CODES.contains(name)) {
				throw new BadParameterException("code", "a gRPC status code name such as NOT_FOUND");
			}
			filter.grpcCode(name);
		}
		String authenticated = text(parameters, "authenticated");
		if (authenticated != null) {
			if (!authenticated.equals("true") && !authenticated.equals("false")) {
				throw new BadParameterException("authenticated", "true or false");
			}
			filter.authenticated(Boolean.parseBoolean(authenticated));
		}
		Instant from = instant(parameters, "from");
		Instant to = instant(parameters, "to");
		if (from != null && to != null && !from.isBefore(to)) {
			throw new BadParameterException("to", "must be after from");
		}
		filter.from(from).to(to);
		return filter.build();
	}

	private static String text(Map<String, String> parameters, String name) {
		String value = parameters.get(name);
		if (value == null || value.isBlank()) {
			return null;
		}
		if (value.length() > MAX_TEXT) {
			throw new BadParameterException(name, "at most " + MAX_TEXT + " characters");
		}
		return value.strip();
	}

	/** An ISO-8601 instant, or a date and time without zone (as a browser's date-time field sends it) in UTC. */
	private static Instant instant(Map<String, String> parameters, String name) {
		String value = text(parameters, name);
		if (value == null) {
			return null;
		}
		try {
			Instant instant = value.endsWith("Z") || value.matches(".*[+-]\\d\\d:\\d\\d$")
					? java.time.OffsetDateTime.parse(value).toInstant()
					: LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
			if (instant.isBefore(TimeWindow.EARLIEST) || instant.isAfter(TimeWindow.LATEST)) {
				throw new BadParameterException(name, "a time between 1970 and 9999");
			}
			return instant;
		}
		catch (DateTimeException ex) {
			throw new BadParameterException(name, "a time such as 2026-11-26T09:30 (UTC) or 2026-11-26T09:30:00Z");
		}
	}

	private static RequestPage.Cursor cursor(String token) {
		if (token == null || token.isBlank()) {
			return null;
		}
		try {
			return RequestPage.Cursor.parse(token);
		}
		catch (IllegalArgumentException ex) {
			throw new BadParameterException("after", "not a page of this list; start again from the first page");
		}
	}

	/** The filter parameters given, in a fixed order. */
	static Map<String, String> chosen(Map<String, String> parameters) {
		Map<String, String> chosen = new LinkedHashMap<>();
		for (String name : PARAMETERS) {
			String value = parameters.get(name);
			if (value != null && !value.isBlank()) {
				chosen.put(name, value.strip());
			}
		}
		return chosen;
	}

	private static String query(Map<String, String> chosen, String after) {
		UriComponentsBuilder query = UriComponentsBuilder.newInstance();
		chosen.forEach(query::queryParam);
		if (after != null) {
			query.queryParam("after", after);
		}
		return query.encode().build().toUriString();
	}

	/** CSV rows that a spreadsheet shows as text and never runs. */
	static final class CsvRows {

		/** The log's columns an export holds, in its order. */
		private static final List<RequestLogColumn> COLUMNS = List.of(RequestLogColumn.REQUEST_ID,
				RequestLogColumn.CREATED_AT, RequestLogColumn.COMPLETED_AT, RequestLogColumn.SERVICE_NAME,
				RequestLogColumn.METHOD_NAME, RequestLogColumn.STATUS, RequestLogColumn.GRPC_STATUS_CODE,
				RequestLogColumn.DURATION_MS, RequestLogColumn.USERNAME, RequestLogColumn.IS_AUTHENTICATED,
				RequestLogColumn.CLIENT_IP, RequestLogColumn.USER_AGENT, RequestLogColumn.ERROR_MESSAGE,
				RequestLogColumn.REQUEST_SIZE, RequestLogColumn.RESPONSE_SIZE, RequestLogColumn.INSTANCE_ID,
				RequestLogColumn.TRACE_ID, RequestLogColumn.PARENT_REQUEST_ID);

		/** Headings that differ from the column's name, as the export has always named them. */
		private static final Map<RequestLogColumn, String> HEADINGS = Map.of(RequestLogColumn.SERVICE_NAME, "service",
				RequestLogColumn.METHOD_NAME, "method");

		private CsvRows() {
		}

		static void header(Writer writer) throws IOException {
			line(writer, COLUMNS.stream().map((column) -> HEADINGS.getOrDefault(column, column.sql())).toList());
		}

		static void row(Writer writer, RequestLogRecord call) throws IOException {
			List<String> cells = new ArrayList<>(COLUMNS.size());
			for (RequestLogColumn column : COLUMNS) {
				Object value = column.value(call);
				cells.add((value != null) ? value.toString() : null);
			}
			line(writer, cells);
		}

		private static void line(Writer writer, List<String> cells) throws IOException {
			for (int i = 0; i < cells.size(); i++) {
				if (i > 0) {
					writer.write(',');
				}
				writer.write(cell(cells.get(i)));
			}
			writer.write("\r\n");
		}

		/**
		 * One cell: quoted when it holds a comma, quote or line break, and with a leading
		 * apostrophe when a spreadsheet would read it as a formula.
		 */
		static String cell(String value) {
			if (value == null) {
				return "";
			}
			String text = value;
			if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
				text = "'" + text;
			}
			if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
				return "\"" + text.replace("\"", "\"\"") + "\"";
			}
			return text;
		}

	}

}
