package dev.cfg.grpc.service;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Message;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.cfg.grpc.errors.StatusDetails;
import dev.cfg.grpc.pipeline.CallContext;
import dev.cfg.grpc.pipeline.Refusal;
import dev.cfg.grpc.pipeline.RequestIds;

/**
 * The {@code abort...} helpers of {@link BaseService}, kept apart so that each file stays
 * readable; services reach them through {@code BaseService}. They never return: they throw a
 * {@link StatusRuntimeException} that ends the call with that status, and are declared to return
 * it so that {@code throw abortNotFound("...")} reads as the end of a branch. Messages without
 * words of the service's own come from the status catalogue ({@link Refusal}).
 */
abstract class CallAborts {

	private static final Log logger = LogFactory.getLog(BaseService.class);

	/**
	 * Ends the call with a status.
	 * @param code the status code
	 * @param message the message the client sees
	 * @return never returns normally
	 */
	protected StatusRuntimeException abort(Status.Code code, String message) {
		logger.debug("Aborting call: " + code + " - " + message);
		throw code.toStatus().withDescription(message).asRuntimeException();
	}

	/**
	 * Ends the call with INVALID_ARGUMENT.
	 * @param message the message, for example which field is wrong
	 * @return never returns normally
	 */
	protected StatusRuntimeException abortInvalidArgument(String message) {
		return abort(Status.Code.INVALID_ARGUMENT, message);
	}

	/**
	 * Ends the call with INVALID_ARGUMENT "Invalid argument".
	 * @return never returns normally
	 */
	protected StatusRuntimeException abortInvalidArgument() {
		return abortInvalidArgument(Refusal.ARGUMENT_INVALID.message());
	}

	/**
	 * Ends the call with NOT_FOUND.
	 * @param message the message, for example "User not found"
	 * @return never returns normally
	 */
	protected StatusRuntimeException abortNotFound(String message) {
		return abort(Status.Code.NOT_FOUND, message);
	}

	/**
	 * Ends the call with NOT_FOUND "&lt;type&gt; &lt;name&gt; not found" and a
	 * {@code google.rpc.ResourceInfo} naming the resource.
	 * @param resourceType the kind of resource, for example {@code Product}
	 * @param name its id or name as the client gave it
	 * @return never returns normally
	 */
	protected StatusRuntimeException abortNotFound(String resourceType, Object name) {
		throw StatusDetails.of(Status.Code.NOT_FOUND, resourceType + " " + name + " not found",
				StatusDetails.resourceInfo(resourceType, String.valueOf(name)));
	}

	/**
	 * Ends the call with INVALID_ARGUMENT "Invalid request: &lt;field&gt;: &lt;description&gt;" and a
	 * {@code google.rpc.BadRequest} naming the field, as request validation does.
	 * @param field the field as the client spells it, for example {@code items[0].quantity}
	 * @param description what is wrong with it
	 * @return never returns normally
	 */
	protected StatusRuntimeException abortInvalidField(String field, String description) {
		throw StatusDetails.badRequest(List.of(StatusDetails.violation(field, description)));
	}

	/**
	 * Ends the call with a status and a {@code google.rpc.ErrorInfo}: a reason a program can switch
	 * on, in this service's domain (its full gRPC name).
	 * @param code the status code
	 * @param reason UPPER_SNAKE_CASE, for example {@code OUT_OF_STOCK}
	 * @param message the message a person reads
	 * @param metadata further facts, for example {@code product_id}
	 * @return never returns normally
	 */
	protected StatusRuntimeException abortWithReason(Status.Code code, String reason, String message,
			Map<String, String> metadata) {
		String domain = CallContext.current().map(CallContext::serviceName).orElse(getClass().getName());
		throw StatusDetails.of(code, message, StatusDetails.errorInfo(reason, domain, metadata));
	}

	/**
	 * Ends the call with UNAVAILABLE and a {@code google.rpc.RetryInfo}: the client may try again
	 * after the delay (grpc-java's and Python's retry policies do not read it; clients do).
	 * @param message the message a person reads
	 * @param retryAfter how long to wait before trying again
	 * @return never returns normally
	 */
	protected StatusRuntimeException abortUnavailable(String message, Duration retryAfter) {
		throw StatusDetails.of(Status.Code.UNAVAILABLE, message, StatusDetails.retryInfo(retryAfter));
	}

	/**
	 * Ends the call with a status carrying any details ({@code google.rpc} messages or your own).
	 * @param code the status code
	 * @param message the message a person reads
	 * @param details the details
	 * @return never returns normally
	 */
	protected StatusRuntimeException abortWithDetails(Status.Code code, String message, Message... details) {
		throw StatusDetails.of(code, message, details);
	}

	/**
	 * Ends the call with NOT_FOUND "Not found".
	 * @return never returns normally
	 */
	protected StatusRuntimeException abortNotFound() {
		return abortNotFound(Refusal.NOT_FOUND.message());
	}

	/**
	 * Ends the call with PERMISSION_DENIED.
	 * @param message the message
	 * @return never returns normally
	 */
	protected StatusRuntimeException abortPermissionDenied(String message) {
		return abort(Status.Code.PERMISSION_DENIED, message);
	}

	/**
	 * Ends the call with PERMISSION_DENIED "Access denied".
	 * @return never returns normally
	 */
	protected StatusRuntimeException abortPermissionDenied() {
		return abortPermissionDenied(Refusal.ACCESS_DENIED.message());
	}

	/**
	 * Ends the call with UNAUTHENTICATED.
	 * @param message the message
	 * @return never returns normally
	 */
	protected StatusRuntimeException abortUnauthenticated(String message) {
		return abort(Status.Code.UNAUTHENTICATED, message);
	}

	/**
	 * Ends the call with UNAUTHENTICATED "Authentication required".
	 * @return never returns normally
	 */
	protected StatusRuntimeException abortUnauthenticated() {
		return abortUnauthenticated(Refusal.AUTHENTICATION_REQUIRED.message());
	}

	/**
	 * Ends the call with UNIMPLEMENTED.
	 * @param message the message
	 * @return never returns normally
	 */
	protected StatusRuntimeException abortUnimplemented(String message) {
		return abort(Status.Code.UNIMPLEMENTED, message);
	}

	/**
	 * Ends the call with UNIMPLEMENTED "Not implemented".
	 * @return never returns normally
	 */
	protected StatusRuntimeException abortUnimplemented() {
		return abortUnimplemented(Refusal.NOT_IMPLEMENTED.message());
	}

	/**
	 * Ends the call with INTERNAL; the message reaches the client, so keep details out of it.
	 * @param message the message
	 * @return never returns normally
	 */
	protected StatusRuntimeException abortInternal(String message) {
		return abort(Status.Code.INTERNAL, message);
	}

	/**
	 * Ends the call with INTERNAL "Internal server error (request_id …)" and the request id in a
	 * {@code google.rpc.ErrorInfo}, as an unexpected exception would.
	 * @return never returns normally
	 */
	protected StatusRuntimeException abortInternal() {
		throw Refusal.internal(RequestIds.current().orElse("-"));
	}

	/**
	 * Ends the call with ALREADY_EXISTS.
	 * @param message the message
	 * @return never returns normally
	 */
	protected StatusRuntimeException abortAlreadyExists(String message) {
		return abort(Status.Code.ALREADY_EXISTS, message);
	}

	/**
	 * Ends the call with ALREADY_EXISTS "Already exists".
	 * @return never returns normally
	 */
	protected StatusRuntimeException abortAlreadyExists() {
		return abortAlreadyExists(Refusal.ALREADY_EXISTS.message());
	}

	/**
	 * Ends the call with FAILED_PRECONDITION.
	 * @param message the message
	 * @return never returns normally
	 */
	protected StatusRuntimeException abortFailedPrecondition(String message) {
		return abort(Status.Code.FAILED_PRECONDITION, message);
	}

	/**
	 * Ends the call with FAILED_PRECONDITION "Failed precondition".
	 * @return never returns normally
	 */
	protected StatusRuntimeException abortFailedPrecondition() {
		return abortFailedPrecondition(Refusal.PRECONDITION_FAILED.message());
	}

}
