package dev.cfg.grpc.errors;

import java.util.NoSuchElementException;
import java.util.concurrent.TimeoutException;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.util.ClassUtils;

import dev.cfg.grpc.pipeline.Refusal;
import dev.cfg.grpc.pipeline.RequestIds;

/**
 * Turns exceptions from service code into statuses a client can act on, the last of the
 * exception handlers (an application's own handlers and {@code @GrpcAdvice} come first). Anything
 * it does not know becomes INTERNAL "Internal server error (request_id ...)": no stack trace,
 * class name or SQL reaches the client; the details go to the server log and the request log.
 */
final class ErrorMapping implements GrpcExceptionHandler {

	private static final Log logger = LogFactory.getLog(ErrorMapping.class);

	private static final boolean BEAN_VALIDATION = ClassUtils.isPresent("jakarta.validation.ConstraintViolationException",
			ErrorMapping.class.getClassLoader());

	/** SQLSTATE of "numeric value out of range", on PostgreSQL and H2 alike. */
	private static final String NUMERIC_OUT_OF_RANGE = "22003";

	@Override
	public StatusException handleException(Throwable exception) {
		// A status the service raised itself passes through untouched, trailers included.
		if (exception instanceof StatusRuntimeException raised) {
			return new StatusException(raised.getStatus(), raised.getTrailers());
		}
		if (exception instanceof StatusException raised) {
			return raised;
		}
		Status status = map(exception);
		if (status.getCode() == Status.Code.INTERNAL) {
			logger.error("Unexpected exception in gRPC call " + RequestIds.current().orElse("-"), exception);
			// The request id again, where a program finds it: support can look the call up by it.
			return withCause(Refusal.internal(RequestIds.current().orElse("-")), exception);
		}
		logger.debug("gRPC call ended with " + status.getCode() + ": " + exception);
		if (BEAN_VALIDATION && BeanValidation.isViolation(exception)) {
			return withCause(StatusDetails.badRequest(BeanValidation.violations(exception)), exception);
		}
		return status.withCause(exception).asException();
	}

	private static StatusException withCause(StatusRuntimeException rich, Throwable cause) {
		return new StatusException(rich.getStatus().withCause(cause), rich.getTrailers());
	}

	static Status map(Throwable exception) {
		String name = exception.getClass().getName();
		if (exception instanceof AccessDeniedException) {
			return Refusal.ACCESS_DENIED.status();
		}
		if (exception instanceof AuthenticationException) {
			return Refusal.AUTHENTICATION_FAILED.status();
		}
		if (exception instanceof ArithmeticException || isNumericOverflow(exception)) {
			return Refusal.NUMBER_OUT_OF_RANGE.status();
		}
		if (exception instanceof IllegalArgumentException || name.equals("jakarta.validation.ConstraintViolationException")
				|| name.equals("jakarta.validation.ValidationException")) {
			return Status.INVALID_ARGUMENT.withDescription(clientMessage(exception, Refusal.ARGUMENT_INVALID));
		}
		if (exception instanceof EmptyResultDataAccessException || exception instanceof NoSuchElementException
				|| name.equals("jakarta.persistence.EntityNotFoundException")) {
			return Refusal.NOT_FOUND.status();
		}
		if (exception instanceof DuplicateKeyException || (exception instanceof DataIntegrityViolationException
				&& String.valueOf(exception.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("unique"))) {
			return Refusal.ALREADY_EXISTS.status();
		}
		if (exception instanceof OptimisticLockingFailureException) {
			return Refusal.CHANGED_CONCURRENTLY.status();
		}
		if (exception instanceof QueryTimeoutException || exception instanceof TimeoutException) {
			return Refusal.DEADLINE_EXCEEDED.status();
		}
		if (exception instanceof DataAccessResourceFailureException || exception instanceof TransientDataAccessException
				|| exception instanceof CannotCreateTransactionException) {
			return Refusal.DATABASE_UNAVAILABLE.status();
		}
		if (exception instanceof UnsupportedOperationException) {
			return Status.UNIMPLEMENTED.withDescription(clientMessage(exception, Refusal.NOT_IMPLEMENTED));
		}
		return Refusal.INTERNAL.status(RequestIds.current().orElse("-"));
	}

	/**
	 * Bean Validation's violations as field violations, in a class of its own so that the mapping
	 * works without Bean Validation on the class path.
	 */
	private static final class BeanValidation {

		static boolean isViolation(Throwable exception) {
			return exception instanceof jakarta.validation.ConstraintViolationException violation
					&& violation.getConstraintViolations() != null && !violation.getConstraintViolations().isEmpty();
		}

		static java.util.List<com.google.rpc.BadRequest.FieldViolation> violations(Throwable exception) {
			return ((jakarta.validation.ConstraintViolationException) exception).getConstraintViolations()
				.stream()
				.map((violation) -> StatusDetails.violation(field(violation.getPropertyPath()), violation.getMessage()))
				.sorted(java.util.Comparator.comparing(com.google.rpc.BadRequest.FieldViolation::getField))
				.toList();
		}

		/** {@code create.arg0.items[0].quantity} becomes {@code items[0].quantity}: the method and argument are the server's. */
		private static String field(jakarta.validation.Path path) {
			StringBuilder field = new StringBuilder();
			for (jakarta.validation.Path.Node node : path) {
				if (node.getKind() == jakarta.validation.ElementKind.METHOD
						|| node.getKind() == jakarta.validation.ElementKind.PARAMETER
						|| node.getKind() == jakarta.validation.ElementKind.CONSTRUCTOR
						|| node.getKind() == jakarta.validation.ElementKind.RETURN_VALUE) {
					continue;
				}
				if (node.getName() != null) {
					field.append((field.length() > 0) ? "." : "").append(node.getName());
				}
				if (node.getIndex() != null) {
					field.append('[').append(node.getIndex()).append(']');
				}
				else if (node.getKey() != null) {
					field.append("[\"").append(node.getKey()).append("\"]");
				}
			}
			return field.toString();
		}

	}

	/** A value too large for its column: the client sent a number the application cannot hold. */
	private static boolean isNumericOverflow(Throwable exception) {
		if (!(exception instanceof DataIntegrityViolationException)) {
			return false;
		}
		for (Throwable cause = exception; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
			if (cause instanceof java.sql.SQLException sql && NUMERIC_OUT_OF_RANGE.equals(sql.getSQLState())) {
				return true;
			}
		}
		return false;
	}

	/** An exception's own message when it is short and plain; never one that looks like SQL. */
	private static String clientMessage(Throwable exception, Refusal fallback) {
		String message = exception.getMessage();
		if (message == null || message.isBlank() || message.length() > 300
				|| message.matches("(?is).*\\b(select|insert|update|delete)\\b.*\\b(from|into|set|where)\\b.*")) {
			return fallback.message();
		}
		return message;
	}

}
