package dev.cfg.grpc.errors;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.BadRequest;
import com.google.rpc.DebugInfo;
import com.google.rpc.ErrorInfo;
import com.google.rpc.Help;
import com.google.rpc.LocalizedMessage;
import com.google.rpc.PreconditionFailure;
import com.google.rpc.QuotaFailure;
import com.google.rpc.RequestInfo;
import com.google.rpc.ResourceInfo;
import com.google.rpc.RetryInfo;
import dev.cfg.grpc.pipeline.Refusal;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * Statuses that carry {@code google.rpc} details ({@code google/rpc/error_details.proto}) in the
 * {@code grpc-status-details-bin} trailer, beside the code and message every client reads: which
 * fields were wrong ({@link BadRequest}), why, in a machine-readable reason ({@link ErrorInfo}),
 * when to retry ({@link RetryInfo}), which resource was missing ({@link ResourceInfo}). Clients read
 * them with {@code StatusProto.fromThrowable} in grpc-java, {@code grpc_status.rpc_status.from_call}
 * in Python; {@code buf curl} prints them. Service code usually gets here through the
 * {@code BaseService} helpers.
 */
public final class StatusDetails {

	/** Field violations named in a status message at most; the details carry up to {@link #MAX_VIOLATIONS}. */
	private static final int VIOLATIONS_IN_MESSAGE = 5;

	/** Field violations kept in the details: a request with a million bad elements gets a bounded answer. */
	public static final int MAX_VIOLATIONS = 100;

	/** The {@code ErrorInfo} domain of the statuses cfg-grpc itself raises. */
	public static final String DOMAIN = Refusal.DOMAIN;

	private static final JsonFormat.Printer READABLE = JsonFormat.printer()
		.usingTypeRegistry(JsonFormat.TypeRegistry.newBuilder()
			.add(List.of(BadRequest.getDescriptor(), ErrorInfo.getDescriptor(), RetryInfo.getDescriptor(),
					ResourceInfo.getDescriptor(), DebugInfo.getDescriptor(), QuotaFailure.getDescriptor(),
					PreconditionFailure.getDescriptor(), RequestInfo.getDescriptor(), Help.getDescriptor(),
					LocalizedMessage.getDescriptor()))
			.build())
		.omittingInsignificantWhitespace();

	private StatusDetails() {
	}

	/**
	 * A status with details.
	 * @param code the status code
	 * @param message the message every client shows
	 * @param details {@code google.rpc} messages (or any message a client knows)
	 * @return the exception to throw from a service method
	 */
	public static StatusRuntimeException of(Status.Code code, String message, Message... details) {
		com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
			.setCode(code.value())
			.setMessage((message != null) ? message : "");
		for (Message detail : details) {
			status.addDetails(Any.pack(detail));
		}
		return StatusProto.toStatusRuntimeException(status.build());
	}

	/**
	 * INTERNAL "Internal server error (request_id …)", with the request id again in an
	 * {@link ErrorInfo} (reason {@code INTERNAL}, domain {@link #DOMAIN}): all a client learns of a
	 * fault of the server's, and what finds the call in the request log.
	 * @param requestId the call's request id
	 * @return the exception to end the call with
	 */
	public static StatusRuntimeException internal(String requestId) {
		return Refusal.internal(requestId);
	}

	/**
	 * INVALID_ARGUMENT naming the fields that are wrong, with a {@link BadRequest} of them.
	 * @param violations each field (as the client spells it, {@code items[0].quantity}) and what is wrong
	 * @return the exception to throw
	 */
	public static StatusRuntimeException badRequest(List<BadRequest.FieldViolation> violations) {
		List<BadRequest.FieldViolation> kept = violations.subList(0, Math.min(violations.size(), MAX_VIOLATIONS));
		StringBuilder message = new StringBuilder();
		for (int i = 0; i < Math.min(kept.size(), VIOLATIONS_IN_MESSAGE); i++) {
			BadRequest.FieldViolation violation = kept.get(i);
			message.append((i > 0) ? "; " : "")
				.append(violation.getField().isEmpty() ? "" : violation.getField() + ": ")
				.append(violation.getDescription());
		}
		if (violations.size() > VIOLATIONS_IN_MESSAGE) {
			message.append(" (and ").append(violations.size() - VIOLATIONS_IN_MESSAGE).append(" more)");
		}
		return of(Refusal.REQUEST_INVALID.code(), Refusal.REQUEST_INVALID.message(message),
				BadRequest.newBuilder().addAllFieldViolations(kept).build());
	}

	/**
	 * One wrong field.
	 * @param field the field as the client spells it, for example {@code items[0].quantity}
	 * @param description what is wrong, for example {@code value must be greater than 0}
	 * @return the violation
	 */
	public static BadRequest.FieldViolation violation(String field, String description) {
		return BadRequest.FieldViolation.newBuilder().setField(field).setDescription(description).build();
	}

	/**
	 * Why a call failed, in words a program can switch on.
	 * @param reason an UPPER_SNAKE_CASE reason, for example {@code OUT_OF_STOCK}
	 * @param domain who defines the reason, for example the service's name
	 * @param metadata further facts, for example the product's id
	 * @return the detail
	 */
	public static ErrorInfo errorInfo(String reason, String domain, Map<String, String> metadata) {
		return ErrorInfo.newBuilder().setReason(reason).setDomain(domain).putAllMetadata(metadata).build();
	}

	/**
	 * When the client may try again.
	 * @param delay how long to wait first
	 * @return the detail
	 */
	public static RetryInfo retryInfo(Duration delay) {
		return RetryInfo.newBuilder()
			.setRetryDelay(com.google.protobuf.Duration.newBuilder()
				.setSeconds(delay.getSeconds())
				.setNanos(delay.getNano()))
			.build();
	}

	/**
	 * Which resource the call was about, for NOT_FOUND and the like.
	 * @param type the kind of resource, for example {@code product}
	 * @param name its name or id as the client gave it
	 * @return the detail
	 */
	public static ResourceInfo resourceInfo(String type, String name) {
		return ResourceInfo.newBuilder().setResourceType(type).setResourceName(name).build();
	}

	/**
	 * The details of a status in a form a person can read (JSON, one line), for the request log.
	 * @param details the {@code google.rpc.Status} a call ended with
	 * @return the details, or null when there are none
	 */
	public static String readable(com.google.rpc.Status details) {
		if (details == null || details.getDetailsCount() == 0) {
			return null;
		}
		StringBuilder text = new StringBuilder("[");
		for (Any detail : details.getDetailsList()) {
			text.append((text.length() > 1) ? "," : "");
			try {
				text.append(READABLE.print(detail));
			}
			catch (InvalidProtocolBufferException ex) {
				// A detail of a type only the service knows: its type, at least.
				text.append("{\"@type\":\"").append(detail.getTypeUrl()).append("\"}");
			}
		}
		return text.append(']').toString();
	}

}
