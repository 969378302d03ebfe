package dev.cfg.grpc.pipeline;

import java.util.Locale;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * Every status cfg-grpc itself ends a call with, one constant a condition, each with its one code
 * and one wording: the catalogue that {@code docs/errors.md} prints as a table (a test keeps the
 * two the same). Stages refuse a call by throwing {@link #exception}; the observe stage closes it.
 * Messages never carry a stack trace, a class name or SQL.
 */
public enum Refusal {

	/** No credential on a method that needs one (the auth stage, {@code AuthRequiredService}, {@code requireUser}). */
	AUTHENTICATION_REQUIRED(Status.Code.UNAUTHENTICATED, "Authentication required"),

	/** A bearer token that does not verify, or whose user is gone or inactive. */
	TOKEN_INVALID(Status.Code.UNAUTHENTICATED, "Invalid or expired authentication token"),

	/** An API key that is unknown, revoked or expired. */
	API_KEY_INVALID(Status.Code.UNAUTHENTICATED, "Invalid or expired API key"),

	/** An outgoing call of a channel that calls as a service user who is missing or inactive (client side). */
	SERVICE_USER_UNAVAILABLE(Status.Code.UNAUTHENTICATED, "Service user '%s' does not exist or is inactive"),

	/** Spring Security refused a credential inside the service. */
	AUTHENTICATION_FAILED(Status.Code.UNAUTHENTICATED, "Authentication failed"),

	/** Spring Security refused the caller ({@code @PreAuthorize} and the like). */
	ACCESS_DENIED(Status.Code.PERMISSION_DENIED, "Access denied"),

	/** {@code requirePermission} without the permission. */
	PERMISSION_REQUIRED(Status.Code.PERMISSION_DENIED, "Permission '%s' required"),

	/** {@code requireStaff} for a caller who is not staff. */
	STAFF_REQUIRED(Status.Code.PERMISSION_DENIED, "Staff access required"),

	/** {@code requireSuperuser} for a caller who is not a superuser. */
	SUPERUSER_REQUIRED(Status.Code.PERMISSION_DENIED, "Superuser access required"),

	/** A method the server does not have. */
	METHOD_NOT_FOUND(Status.Code.UNIMPLEMENTED, "Method not found: %s"),

	/** A request message that breaks its {@code buf.validate} rules or Bean Validation constraints. */
	REQUEST_INVALID(Status.Code.INVALID_ARGUMENT, "Invalid request: %s"),

	/** An {@code IllegalArgumentException} whose own message is not fit for a client. */
	ARGUMENT_INVALID(Status.Code.INVALID_ARGUMENT, "Invalid argument"),

	/** A number the application cannot hold (arithmetic overflow, a column's range). */
	NUMBER_OUT_OF_RANGE(Status.Code.INVALID_ARGUMENT, "A number in the request is out of range"),

	/** An HTTP request under a route's first segment that no {@code google.api.http} route takes. */
	ROUTE_NOT_FOUND(Status.Code.NOT_FOUND, "No route for %s %s"),

	/** A body on the HTTP port (gRPC-Web, Connect, HTTP/JSON) that cannot be read as the method's request. */
	BODY_UNREADABLE(Status.Code.INVALID_ARGUMENT, "Unreadable request: %s"),

	/** A body on the HTTP port over {@code cfg.grpc.server.max-receive-message-length}. */
	REQUEST_TOO_LARGE(Status.Code.RESOURCE_EXHAUSTED, "Request is larger than the server's limit of %d bytes"),

	/** A unary call on the HTTP port whose method ended well but sent no response message. */
	RESPONSE_MISSING(Status.Code.INTERNAL, "The method ended without its response message"),

	/** A caller over its rate of {@code cfg.grpc.rate-limit.*}; the trailers say when to retry. */
	RATE_LIMITED(Status.Code.RESOURCE_EXHAUSTED, "Too many calls; retry in %d ms"),

	/** A response message over {@code cfg.grpc.server.max-send-message-length}. */
	RESPONSE_TOO_LARGE(Status.Code.RESOURCE_EXHAUSTED,
			"Response message is %d bytes, larger than the server's limit of %d bytes"),

	/** {@code abortFailedPrecondition()} without words of the service's own. */
	PRECONDITION_FAILED(Status.Code.FAILED_PRECONDITION, "Failed precondition"),

	/** A write during a call to a {@code ReadOnlyService}. */
	READ_ONLY(Status.Code.FAILED_PRECONDITION, "Read-only service"),

	/** A transaction the call ended in rolled back without an exception to report. */
	ROLLED_BACK(Status.Code.ABORTED, "Transaction rolled back"),

	/** An optimistic lock that failed. */
	CHANGED_CONCURRENTLY(Status.Code.ABORTED, "Changed by someone else; read it again and retry"),

	/** What the call asked for does not exist. */
	NOT_FOUND(Status.Code.NOT_FOUND, "Not found"),

	/** A unique key the call would repeat. */
	ALREADY_EXISTS(Status.Code.ALREADY_EXISTS, "Already exists"),

	/** The database could not be reached. */
	DATABASE_UNAVAILABLE(Status.Code.UNAVAILABLE, "Database temporarily unavailable. Please retry."),

	/** An {@code UnsupportedOperationException} without a message fit for a client. */
	NOT_IMPLEMENTED(Status.Code.UNIMPLEMENTED, "Not implemented"),

	/** The call's deadline passed, or an operation inside it timed out. */
	DEADLINE_EXCEEDED(Status.Code.DEADLINE_EXCEEDED, "Deadline exceeded"),

	/** The client cancelled the call. */
	CANCELLED(Status.Code.CANCELLED, "Cancelled by the client"),

	/** A fault of the server's; the request id finds the call in the request log. */
	INTERNAL(Status.Code.INTERNAL, "Internal server error (request_id %s)");

	/** The {@code ErrorInfo} domain of the statuses cfg-grpc itself raises. */
	public static final String DOMAIN = "cfg-grpc";

	private final Status.Code code;

	private final String message;

	Refusal(Status.Code code, String message) {
		this.code = code;
		this.message = message;
	}

	/**
	 * The status code of this refusal.
	 * @return the code
	 */
	public Status.Code code() {
		return this.code;
	}

	/**
	 * The message as written, with {@code %s} and {@code %d} where the facts of a call go.
	 * @return the message's pattern
	 */
	public String pattern() {
		return this.message;
	}

	/**
	 * The status for one call.
	 * @param facts what the message's pattern names, in its order
	 * @return the status with its message
	 */
	public Status status(Object... facts) {
		return Status.fromCode(this.code).withDescription(message(facts));
	}

	/**
	 * The exception a stage throws to refuse a call.
	 * @param facts what the message's pattern names, in its order
	 * @return the exception
	 */
	public StatusRuntimeException exception(Object... facts) {
		return status(facts).asRuntimeException();
	}

	/**
	 * The message for one call.
	 * @param facts what the message's pattern names, in its order
	 * @return the message
	 */
	public String message(Object... facts) {
		return (facts.length == 0) ? this.message : String.format(Locale.ROOT, this.message, facts);
	}

	/**
	 * INTERNAL for one call, with its request id again in an {@link ErrorInfo} (reason
	 * {@code INTERNAL}, domain {@link #DOMAIN}), where a program finds it.
	 * @param requestId the call's request id
	 * @return the exception to end the call with
	 */
	public static StatusRuntimeException internal(String requestId) {
		ErrorInfo info = ErrorInfo.newBuilder()
			.setReason(INTERNAL.name())
			.setDomain(DOMAIN)
			.putMetadata("request_id", requestId)
			.build();
		return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
			.setCode(INTERNAL.code.value())
			.setMessage(INTERNAL.message(requestId))
			.addDetails(Any.pack(info))
			.build());
	}

}
