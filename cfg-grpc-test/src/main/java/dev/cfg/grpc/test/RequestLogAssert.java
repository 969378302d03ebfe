package dev.cfg.grpc.test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.grpc.MethodDescriptor;
import io.grpc.Status;

import dev.cfg.grpc.log.RequestFilter;
import dev.cfg.grpc.log.RequestLog;
import dev.cfg.grpc.log.RequestLogRecord;
import dev.cfg.grpc.log.RequestLogWriter;

/**
 * Assertions on the request log, read through its public API:
 *
 * <pre>
 * log.assertThatRequestLog().hasCall("api.users.UserService/GetUser").withStatus(Status.Code.NOT_FOUND).byUser("bob");
 * </pre>
 *
 * Each step waits for the log's background writer until a call matching every step so far is
 * there, or fails naming what it wanted and listing the calls of that method it found.
 */
public final class RequestLogAssert {

	/** The most calls of one method an assertion reads. */
	private static final int PAGE = 200;

	private final RequestLog log;

	private final RequestLogWriter writer;

	private final Instant since;

	private final Duration wait;

	RequestLogAssert(RequestLog log, RequestLogWriter writer, Instant since, Duration wait) {
		this.log = log;
		this.writer = writer;
		this.since = since;
		this.wait = wait;
	}

	/**
	 * Wants a call to a method.
	 * @param fullMethodName {@code package.Service/Method}
	 * @return assertions on the calls of that method
	 */
	public CallAssert hasCall(String fullMethodName) {
		return new CallAssert(fullMethodName, List.of(), List.of()).await();
	}

	/**
	 * Calls of one method, narrowed step by step. Each step returns a new assertion.
	 */
	public final class CallAssert {

		private final String fullMethodName;

		private final List<String> wanted;

		private final List<Predicate<RequestLogRecord>> tests;

		private List<RequestLogRecord> matching = List.of();

		private CallAssert(String fullMethodName, List<String> wanted, List<Predicate<RequestLogRecord>> tests) {
			this.fullMethodName = fullMethodName;
			this.wanted = wanted;
			this.tests = tests;
		}

		/**
		 * Wants the call to have ended with a status.
		 * @param code the status code
		 * @return the narrowed assertion
		 */
		public CallAssert withStatus(Status.Code code) {
			return and("with status " + code, (call) -> code.name().equals(call.grpcStatusCode()));
		}

		/**
		 * Wants the call's error message (the status description the client saw).
		 * @param message the message
		 * @return the narrowed assertion
		 */
		public CallAssert withErrorMessage(String message) {
			return and("with error message \"" + message + "\"", (call) -> message.equals(call.errorMessage()));
		}

		/**
		 * Wants the call to have been made by a user.
		 * @param username the caller's username
		 * @return the narrowed assertion
		 */
		public CallAssert byUser(String username) {
			return and("by user " + username, (call) -> username.equals(call.username()));
		}

		/**
		 * Wants the call to have been made without a valid credential.
		 * @return the narrowed assertion
		 */
		public CallAssert anonymous() {
			return and("made anonymously", (call) -> !call.authenticated());
		}

		/**
		 * Wants the call to have been made by another cfg-grpc service while it served a call.
		 * @param requestId the request id of the call it served
		 * @return the narrowed assertion
		 */
		public CallAssert withParentRequestId(String requestId) {
			return and("made while serving " + requestId, (call) -> requestId.equals(call.parentRequestId()));
		}

		/**
		 * The newest of the calls that matched, for assertions of the test's own.
		 * @return the call as the log stores it
		 */
		public RequestLogRecord record() {
			return this.matching.get(0);
		}

		private CallAssert and(String description, Predicate<RequestLogRecord> test) {
			List<String> moreWanted = new ArrayList<>(this.wanted);
			moreWanted.add(description);
			List<Predicate<RequestLogRecord>> moreTests = new ArrayList<>(this.tests);
			moreTests.add(test);
			return new CallAssert(this.fullMethodName, moreWanted, moreTests).await();
		}

		private CallAssert await() {
			RequestFilter filter = RequestFilter.builder()
				.service(MethodDescriptor.extractFullServiceName(this.fullMethodName))
				.method(MethodDescriptor.extractBareMethodName(this.fullMethodName))
				.from(RequestLogAssert.this.since)
				.build();
			long deadline = System.nanoTime() + RequestLogAssert.this.wait.toNanos();
			List<RequestLogRecord> calls;
			do {
				drain();
				calls = RequestLogAssert.this.log.find(filter, PAGE, 0);
				this.matching = calls.stream().filter(this::matches).toList();
				if (!this.matching.isEmpty()) {
					return this;
				}
				pause();
			}
			while (System.nanoTime() < deadline);
			throw new AssertionError("Expected the request log to have a call to " + this.fullMethodName
					+ (this.wanted.isEmpty() ? "" : " " + String.join(" and ", this.wanted))
					+ " since the test started, but after waiting " + RequestLogAssert.this.wait.toSeconds()
					+ "s it has " + describe(calls));
		}

		private boolean matches(RequestLogRecord call) {
			return this.tests.stream().allMatch((test) -> test.test(call));
		}

		private String describe(List<RequestLogRecord> calls) {
			if (calls.isEmpty()) {
				return "no call to that method";
			}
			return calls.size() + " other call(s) to it: " + calls.stream()
				.limit(10)
				.map((call) -> call.grpcStatusCode() + " by " + Objects.requireNonNullElse(call.username(), "anonymous")
						+ ((call.errorMessage() != null) ? " (\"" + call.errorMessage() + "\")" : "") + " ["
						+ call.requestId() + "]")
				.collect(Collectors.joining(", "));
		}

	}

	private void drain() {
		try {
			this.writer.awaitDrained(1000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while waiting for the request log", ex);
		}
	}

	private static void pause() {
		try {
			Thread.sleep(25);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while waiting for the request log", ex);
		}
	}

}
