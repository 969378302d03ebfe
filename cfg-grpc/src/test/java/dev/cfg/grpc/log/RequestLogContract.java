package dev.cfg.grpc.log;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.cfg.grpc.pipeline.CallOutcome;
import dev.cfg.grpc.pipeline.RequestIds;
import dev.cfg.grpc.testapp.RunningServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request log's query API, {@link RequestLog}, against calls it was handed through the writer:
 * every filter matches exactly the calls it names, pages by cursor and by offset cover each call
 * once, newest first, and one call is read back whole.
 */
abstract class RequestLogContract {

	private static final int CALLS = 23;

	/** A service name of this run only, so a shared PostgreSQL database holds no strangers. */
	private final String service = "query.Test" + System.nanoTime();

	private final List<RequestLogRecord> written = new ArrayList<>();

	RunningServer server;

	private RequestLog log;

	abstract String[] databaseProperties();

	@BeforeEach
	void start() throws InterruptedException {
		this.server = RunningServer.start(databaseProperties());
		this.log = this.server.context().getBean(RequestLog.class);
		RequestLogWriter writer = this.server.context().getBean(RequestLogWriter.class);
		Instant first = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(5));
		for (int i = 0; i < CALLS; i++) {
			RequestLogRecord record = call(i, first.plusSeconds(i));
			this.written.add(record);
			writer.offer(record);
		}
		assertThat(writer.awaitDrained(30_000)).isTrue();
	}

	@AfterEach
	void stop() {
		JdbcTemplate jdbc = this.server.context().getBean(JdbcTemplate.class);
		for (String table : List.of("cfg_grpc_request_log", "cfg_grpc_request_minute", "cfg_grpc_request_hour")) {
			jdbc.update("DELETE FROM " + table + " WHERE service_name = ?", this.service);
		}
		this.server.close();
	}

	private RequestLogRecord call(int i, Instant created) {
		CallOutcome outcome = CallOutcome.values()[i % 4];
		boolean ok = outcome == CallOutcome.SUCCESS;
		boolean signedIn = i % 3 != 0;
		return RequestLogRecord.builder()
			.requestId(RequestIds.next())
			.serviceName(this.service)
			.methodName((i % 2 == 0) ? "Even" : "Odd")
			.fullMethod(this.service + "/" + ((i % 2 == 0) ? "Even" : "Odd"))
			.methodType("UNARY")
			.requestSize(10 + i)
			.responseSize(20 + i)
			.requestCount(1)
			.responseCount(ok ? 1 : 0)
			.requestData("{\"n\":" + i + "}")
			.responseData(ok ? "{\"ok\":true}" : null)
			.outcome(outcome)
			.grpcStatusCode(switch (outcome) {
				case SUCCESS -> "OK";
				case ERROR -> (i % 8 == 1) ? "NOT_FOUND" : "INTERNAL";
				case CANCELLED -> "CANCELLED";
				case TIMEOUT -> "DEADLINE_EXCEEDED";
			})
			.errorMessage(ok ? null : "Order " + i + " is 50% off_limits")
			.errorDetails(ok ? null : "java.lang.IllegalStateException: detail " + i)
			.durationMs(i * 10)
			.userId(signedIn ? String.valueOf(100 + i % 2) : null)
			.username(signedIn ? ((i % 2 == 0) ? "Alice" : "bob") : null)
			.authenticated(signedIn)
			.clientIp("10.0.0." + (i % 3))
			.userAgent("contract")
			.peer("/10.0.0." + (i % 3) + ":4000")
			.instanceId("instance-" + (i % 2))
			.createdAt(created)
			.completedAt(created.plusMillis(i * 10L))
			.build();
	}

	private List<String> expected(Predicate<RequestLogRecord> which) {
		return this.written.stream()
			.filter(which)
			.sorted(Comparator.comparing(RequestLogRecord::createdAt).reversed())
			.map(RequestLogRecord::requestId)
			.toList();
	}

	private List<String> found(RequestFilter.Builder filter) {
		return this.log.find(filter.service(this.service).build(), 100, 0L)
			.stream()
			.map(RequestLogRecord::requestId)
			.toList();
	}

	private RequestFilter.Builder mine() {
		return RequestFilter.builder().service(this.service);
	}

	@Test
	void everyFilterMatchesExactlyTheCallsItNames() {
		assertThat(found(mine())).containsExactlyElementsOf(expected((call) -> true));
		assertThat(found(mine().method("Odd"))).containsExactlyElementsOf(expected((call) -> call.methodName().equals("Odd")));
		// Outcomes are asked for by the codes they follow from: each finds exactly its own calls.
		for (CallOutcome outcome : CallOutcome.values()) {
			assertThat(found(mine().outcome(outcome))).as(outcome.word())
				.containsExactlyElementsOf(expected((call) -> call.outcome() == outcome))
				.isNotEmpty();
		}
		assertThat(found(mine().grpcCode("NOT_FOUND")))
			.containsExactlyElementsOf(expected((call) -> "NOT_FOUND".equals(call.grpcStatusCode())))
			.isNotEmpty();
		assertThat(found(mine().userId("101"))).containsExactlyElementsOf(expected((call) -> "101".equals(call.userId())));
		assertThat(found(mine().userId("not-a-number"))).isEmpty();
		assertThat(found(mine().username("bob"))).containsExactlyElementsOf(expected((call) -> "bob".equals(call.username())));
		assertThat(found(mine().authenticated(false))).containsExactlyElementsOf(expected((call) -> !call.authenticated()));
		assertThat(found(mine().clientIp("10.0.0.2")))
			.containsExactlyElementsOf(expected((call) -> call.clientIp().equals("10.0.0.2")));
		String one = this.written.get(7).requestId();
		assertThat(found(mine().requestId(one))).containsExactly(one);
		assertThat(found(mine().instanceId("instance-1")))
			.containsExactlyElementsOf(expected((call) -> call.instanceId().equals("instance-1")));
		Instant from = this.written.get(5).createdAt();
		Instant to = this.written.get(9).createdAt();
		assertThat(found(mine().window(new TimeWindow(from, to)))).containsExactlyElementsOf(
				expected((call) -> !call.createdAt().isBefore(from) && call.createdAt().isBefore(to)));
	}

	@Test
	void textIsFoundInTheIdTheMethodTheUserTheErrorAndTheAddressIgnoringCase() {
		String one = this.written.get(4).requestId();
		assertThat(found(mine().text(one))).containsExactly(one);
		assertThat(found(mine().text("ALICE"))).containsExactlyElementsOf(expected((call) -> "Alice".equals(call.username())));
		assertThat(found(mine().text("/odd"))).containsExactlyElementsOf(expected((call) -> call.methodName().equals("Odd")));
		assertThat(found(mine().text("order 13 is"))).containsExactly(this.written.get(13).requestId());
		assertThat(found(mine().text("10.0.0.1"))).containsExactlyElementsOf(expected((call) -> call.clientIp().equals("10.0.0.1")));
		// % and _ are the text itself, not wildcards.
		assertThat(found(mine().text("50% off_"))).containsExactlyElementsOf(expected(RequestLogRecord::failed));
		assertThat(found(mine().text("5_%"))).isEmpty();
	}

	@Test
	void pagesByCursorCoverEveryCallOnceNewestFirst() {
		List<String> seen = new ArrayList<>();
		RequestPage.Cursor cursor = null;
		int pages = 0;
		do {
			RequestPage page = this.log.find(mine().build(), 5, cursor);
			page.calls().forEach((call) -> seen.add(call.requestId()));
			cursor = (page.next() != null) ? RequestPage.Cursor.parse(page.next().token()) : null;
			pages++;
		}
		while (cursor != null && pages < 100);
		assertThat(pages).isEqualTo(5);
		assertThat(seen).containsExactlyElementsOf(expected((call) -> true));
		List<String> byOffset = new ArrayList<>();
		for (int offset = 0; offset < CALLS; offset += 5) {
			this.log.find(mine().build(), 5, (long) offset).forEach((call) -> byOffset.add(call.requestId()));
		}
		assertThat(byOffset).isEqualTo(seen);
	}

	@Test
	void countsAgreeWithTheRowsFromTotalsOrRows() {
		assertThat(this.log.count(mine().build())).isEqualTo(CALLS);
		assertThat(this.log.count(mine().outcome(CallOutcome.ERROR).build()))
			.isEqualTo(expected(call -> call.outcome() == CallOutcome.ERROR).size());
		assertThat(this.log.count(mine().username("bob").build()))
			.isEqualTo(expected(call -> "bob".equals(call.username())).size());
	}

	@Test
	void oneCallIsReadBackWhole() {
		RequestLogRecord sent = this.written.get(9);
		RequestLogRecord read = this.log.get(sent.requestId()).orElseThrow();
		assertThat(read).usingRecursiveComparison()
			.ignoringFields("createdAt", "completedAt")
			.isEqualTo(sent);
		assertThat(read.createdAt()).isEqualTo(sent.createdAt());
		assertThat(this.log.get(RequestIds.next())).isEmpty();
		assertThat(this.log.find(mine().requestId(sent.requestId()).build(), 1, 0L).get(0).requestData())
			.as("lists do not read bodies")
			.isNull();
	}

	@Test
	void textWithTabsLineEndsBackslashesAndUnicodeIsStoredAsItWas() throws InterruptedException {
		String awkward = "tab\there\nnew line\r\\N \\ back\\slash \"quoted\" ümlaut 😀 \\.";
		RequestLogRecord sent = RequestLogRecord.builder()
			.requestId(RequestIds.next())
			.serviceName(this.service)
			.methodName("Awkward")
			.fullMethod(this.service + "/Awkward")
			.methodType("UNARY")
			.requestData("{\"text\": \"" + awkward + "\"}")
			.outcome(CallOutcome.ERROR)
			.grpcStatusCode("INTERNAL")
			.errorMessage(awkward)
			.errorDetails(awkward)
			.userAgent(awkward)
			.username("\\N")
			.authenticated(true)
			.userId("7")
			.traceId("4bf92f3577b34da6a3ce929d0e0e4736")
			.spanId("00f067aa0ba902b7")
			.parentRequestId(RequestIds.next())
			.createdAt(Instant.now())
			.completedAt(Instant.now())
			.build();
		RequestLogWriter writer = this.server.context().getBean(RequestLogWriter.class);
		writer.offer(sent);
		assertThat(writer.awaitDrained(30_000)).isTrue();
		RequestLogRecord read = this.log.get(sent.requestId()).orElseThrow();
		assertThat(read).usingRecursiveComparison().ignoringFields("createdAt", "completedAt").isEqualTo(sent);
	}

	@Test
	void slowCallsAreThoseOverTheThresholdNewestFirst() {
		TimeWindow window = TimeWindow.last(Duration.ofHours(1), Instant.now());
		List<String> slow = this.log.slowCalls(window, Duration.ofMillis(150), 100)
			.stream()
			.filter((call) -> call.serviceName().equals(this.service))
			.map(RequestLogRecord::requestId)
			.toList();
		assertThat(slow).containsExactlyElementsOf(expected((call) -> call.durationMs() >= 150));
	}

	@Test
	void statisticsAddUpTheSameCalls() {
		TimeWindow window = TimeWindow.last(Duration.ofHours(1), Instant.now());
		List<CallStatistics> methods = this.log.methods(window, this.service);
		assertThat(methods).extracting(CallStatistics::method).containsExactly("Even", "Odd");
		CallStatistics even = methods.get(0);
		assertThat(even.total()).isEqualTo(expected((call) -> call.methodName().equals("Even")).size());
		assertThat(even.successful() + even.errors() + even.cancelled() + even.timeouts()).isEqualTo(even.total());
		assertThat(even.p50Ms()).isBetween(0.0, 220.0);
		assertThat(this.log.services(window)).filteredOn((stats) -> stats.service().equals(this.service))
			.singleElement()
			.satisfies((stats) -> assertThat(stats.total()).isEqualTo(CALLS));
		assertThat(this.log.timeline(window, TimelinePoint.Step.MINUTE).stream().mapToLong(TimelinePoint::total).sum())
			.isGreaterThanOrEqualTo(CALLS);
	}

}
