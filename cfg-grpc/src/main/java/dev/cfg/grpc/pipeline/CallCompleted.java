package dev.cfg.grpc.pipeline;

import java.time.Duration;
import java.time.Instant;

import io.grpc.Status;

/**
 * An application event, published once for every call the server has ended: served, refused
 * (unauthenticated, invalid, unknown method) or cancelled. Listen with {@code @EventListener}; the
 * events are delivered on a thread of their own, after the call, so a slow or failing listener
 * never delays or breaks a call. Under a flood, events that do not fit the queue are dropped and
 * counted rather than slowing the server.
 *
 * @param requestId the call's request id, as in the request log and the {@code x-request-id} trailer
 * @param fullMethodName {@code package.Service/Method}
 * @param code the final status code
 * @param description the status description the client got, or null
 * @param outcome success, error, cancelled or timeout
 * @param duration how long the call took
 * @param userId the caller's user id, or null for an anonymous call
 * @param username the caller's username, or null
 * @param startedAt when the call arrived
 * @param parentRequestId the request id of the call another cfg-grpc service was serving when it made
 * this one, or null
 * @param traceId the W3C trace id of the call, or null when the application does not trace
 */
public record CallCompleted(String requestId, String fullMethodName, Status.Code code, String description,
		CallOutcome outcome, Duration duration, String userId, String username, Instant startedAt,
		String parentRequestId, String traceId) {

	/**
	 * Whether the call ended in an error of any kind.
	 * @return false for OK
	 */
	public boolean failed() {
		return this.code != Status.Code.OK;
	}

	static CallCompleted of(CallContext call) {
		Status status = call.status();
		CallerIdentity caller = call.caller().orElse(null);
		return new CallCompleted(call.requestId(), call.fullMethodName(), status.getCode(), status.getDescription(),
				call.outcome(), call.duration(), (caller != null) ? caller.id() : null,
				(caller != null) ? caller.username() : null, call.startedAt(),
				call.parentRequestId().orElse(null), call.traceId());
	}

}
