package dev.cfg.grpc.pipeline;

import java.util.Optional;

import io.grpc.Status;

/**
 * How a call ended, in the four words the request log, its totals and the monitoring API use.
 */
public enum CallOutcome {

	/** The call ended OK. */
	SUCCESS("success"),

	/** The call ended with any status other than OK, CANCELLED or DEADLINE_EXCEEDED. */
	ERROR("error"),

	/** The client cancelled the call (or the server cancelled it for a reason other than its deadline). */
	CANCELLED("cancelled"),

	/** The call's deadline passed. */
	TIMEOUT("timeout");

	private final String word;

	CallOutcome(String word) {
		this.word = word;
	}

	/**
	 * The word stored in the request log's {@code status} column and shown by the monitoring API.
	 * @return {@code success}, {@code error}, {@code cancelled} or {@code timeout}
	 */
	public String word() {
		return this.word;
	}

	/**
	 * The outcome of a call that ended with a status code.
	 * @param code the final status code
	 * @return its outcome
	 */
	public static CallOutcome of(Status.Code code) {
		return switch (code) {
			case OK -> SUCCESS;
			case CANCELLED -> CANCELLED;
			case DEADLINE_EXCEEDED -> TIMEOUT;
			default -> ERROR;
		};
	}

	/**
	 * The outcome a stored word names.
	 * @param word {@code success}, {@code error}, {@code cancelled} or {@code timeout}
	 * @return the outcome, or empty for any other word
	 */
	public static Optional<CallOutcome> fromWord(String word) {
		for (CallOutcome outcome : values()) {
			if (outcome.word.equals(word)) {
				return Optional.of(outcome);
			}
		}
		return Optional.empty();
	}

}
