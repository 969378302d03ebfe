package dev.cfg.grpc.pipeline;

import java.time.Duration;
import java.time.Instant;

import io.grpc.MethodDescriptor;
import io.grpc.Status;

/**
 * A finished call, the one value that describes it: built once when the call ends, from its
 * {@link CallContext}, and handed as it is to every {@link CallObserver} (the request log, the
 * metrics, the calls in flight) and published as an application event for every call the server
 * has ended: served, refused (unauthenticated, invalid, unknown method) or cancelled. Listen with
 * {@code @EventListener}; the events are delivered on a thread of their own, after the call, so a
 * slow or failing listener never delays or breaks a call. Under a flood, events that do not fit
 * the queue are dropped and counted rather than slowing the server.
 *
 * @param requestId the call's request id, as in the request log and the {@code x-request-id} trailer
 * @param fullMethodName {@code package.Service/Method}, as the client named it
 * @param methodType the kind of method, {@code UNKNOWN} for a method the server does not have
 * @param status the final status, with the exception behind it as its cause (never sent to the client)
 * @param outcome success, error, cancelled or timeout
 * @param statusDetails the {@code google.rpc} details the status carried to the client, or null
 * @param startedAt when the call arrived
 * @param duration how long the call took
 * @param caller the caller, or null for an anonymous or refused call
 * @param clientIp the client's address (after the trusted-proxy rules), or null for in-process calls
 * @param userAgent the {@code user-agent} header, or null
 * @param peer the connection's address as the transport reports it, or null
 * @param protocol how the call reached the server ({@link CallContext#protocol()})
 * @param requestMessages request messages received
 * @param responseMessages response messages sent
 * @param requestBytes bytes of the request messages, serialized
 * @param responseBytes bytes of the response messages, serialized
 * @param firstRequest the first request message, kept only when the request log stores request bodies
 * @param firstResponse the first response message, kept only when the request log stores response bodies
 * @param traceId the W3C trace id of the call, or null when the application does not trace
 * @param spanId the call's server span, or null when the application does not trace
 * @param parentRequestId the request id of the call another cfg-grpc service was serving when it made
 * this one, or null
 */
public record CallCompleted(String requestId, String fullMethodName, MethodDescriptor.MethodType methodType,
		Status status, CallOutcome outcome, com.google.rpc.Status statusDetails, Instant startedAt, Duration duration,
		CallerIdentity caller, String clientIp, String userAgent, String peer, String protocol, int requestMessages,
		int responseMessages, long requestBytes, long responseBytes, Object firstRequest, Object firstResponse,
		String traceId, String spanId, String parentRequestId) {

	/**
	 * The final status code.
	 * @return the code
	 */
	public Status.Code code() {
		return this.status.getCode();
	}

	/**
	 * The status description the client got.
	 * @return the description, or null
	 */
	public String description() {
		return this.status.getDescription();
	}

	/**
	 * Whether the call ended in anything but success: an error, a cancellation or a timeout. The
	 * request log, the metrics and the events count failures by this one rule.
	 * @return false for OK
	 */
	public boolean failed() {
		return this.outcome != CallOutcome.SUCCESS;
	}

	/**
	 * When the call ended.
	 * @return its start plus its duration
	 */
	public Instant completedAt() {
		return this.startedAt.plus(this.duration);
	}

	/**
	 * The service called.
	 * @return for example {@code api.users.UserService}; the whole name when it has no service part
	 */
	public String serviceName() {
		return serviceOf(this.fullMethodName);
	}

	/** The service part of a full method name, or the whole name when it has none: one rule for both values of a call. */
	static String serviceOf(String fullMethodName) {
		String service = MethodDescriptor.extractFullServiceName(fullMethodName);
		return (service != null) ? service : fullMethodName;
	}

	/** The method part of a full method name, or {@code unknown} when it has none. */
	static String methodOf(String fullMethodName) {
		String name = MethodDescriptor.extractBareMethodName(fullMethodName);
		return (name != null) ? name : "unknown";
	}

	/**
	 * The method called, without its service.
	 * @return for example {@code GetUser}, or {@code unknown} when the name has no method part
	 */
	public String methodName() {
		return methodOf(this.fullMethodName);
	}

	/**
	 * The caller's user id.
	 * @return the id, or null for an anonymous call
	 */
	public String userId() {
		return (this.caller != null) ? this.caller.id() : null;
	}

	/**
	 * The caller's username.
	 * @return the username, or null for an anonymous call
	 */
	public String username() {
		return (this.caller != null) ? this.caller.username() : null;
	}

}
