package dev.cfg.grpc.errors;

import java.util.NoSuchElementException;
import java.util.concurrent.TimeoutException;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import jakarta.persistence.EntityNotFoundException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;

import static org.assertj.core.api.Assertions.assertThat;

/** The exception table, row by row: what a client sees for each kind of failure. */
class ErrorMappingTest {

	static java.util.stream.Stream<Arguments> table() {
		return java.util.stream.Stream.of(
				Arguments.of(new IllegalArgumentException("quantity must be positive"), Status.Code.INVALID_ARGUMENT,
						"quantity must be positive"),
				Arguments.of(new IllegalArgumentException("bad value in SELECT * FROM users WHERE id = 1"),
						Status.Code.INVALID_ARGUMENT, "Invalid argument"),
				Arguments.of(new EntityNotFoundException("Unable to find dev.x.Product with id 5"), Status.Code.NOT_FOUND,
						"Not found"),
				Arguments.of(new EmptyResultDataAccessException(1), Status.Code.NOT_FOUND, "Not found"),
				Arguments.of(new NoSuchElementException(), Status.Code.NOT_FOUND, "Not found"),
				Arguments.of(new AccessDeniedException("no"), Status.Code.PERMISSION_DENIED, "Access denied"),
				Arguments.of(new BadCredentialsException("no"), Status.Code.UNAUTHENTICATED, "Authentication failed"),
				Arguments.of(new DuplicateKeyException("duplicate key value violates unique constraint"),
						Status.Code.ALREADY_EXISTS, "Already exists"),
				Arguments.of(new DataIntegrityViolationException("Unique index or primary key violation"),
						Status.Code.ALREADY_EXISTS, "Already exists"),
				Arguments.of(new OptimisticLockingFailureException("row was updated"), Status.Code.ABORTED,
						"Changed by someone else; read it again and retry"),
				Arguments.of(new CannotGetJdbcConnectionException("Connection refused"), Status.Code.UNAVAILABLE,
						"Database temporarily unavailable. Please retry."),
				Arguments.of(new CannotAcquireLockException("lock wait"), Status.Code.UNAVAILABLE,
						"Database temporarily unavailable. Please retry."),
				Arguments.of(new QueryTimeoutException("statement timeout"), Status.Code.DEADLINE_EXCEEDED,
						"Deadline exceeded"),
				Arguments.of(new TimeoutException(), Status.Code.DEADLINE_EXCEEDED, "Deadline exceeded"),
				Arguments.of(new UnsupportedOperationException("soon"), Status.Code.UNIMPLEMENTED, "soon"),
				Arguments.of(new ArithmeticException("Overflow"), Status.Code.INVALID_ARGUMENT,
						"A number in the request is out of range"),
				Arguments.of(new NumberFormatException("For input string: \"1e\""), Status.Code.INVALID_ARGUMENT,
						"For input string: \"1e\""),
				Arguments.of(new DataIntegrityViolationException("could not execute statement",
						new java.sql.SQLDataException("numeric field overflow", "22003")),
						Status.Code.INVALID_ARGUMENT, "A number in the request is out of range"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("table")
	void mapsEachKindOfFailureToAStatusTheClientCanActOn(Throwable failure, Status.Code code, String message) {
		StatusException status = new ErrorMapping().handleException(failure);
		assertThat(status.getStatus().getCode()).isEqualTo(code);
		assertThat(status.getStatus().getDescription()).isEqualTo(message);
	}

	@Test
	void anythingElseIsInternalWithoutDetails() {
		StatusException status = new ErrorMapping().handleException(new NullPointerException("field x of dev.y.Z"));
		assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
		assertThat(status.getStatus().getDescription()).startsWith("Internal server error (request_id ")
			.doesNotContain("NullPointer")
			.doesNotContain("dev.y.Z");
	}

	@Test
	void aStatusTheServiceRaisedPassesThroughWithItsTrailers() {
		Metadata trailers = new Metadata();
		trailers.put(Metadata.Key.of("x-reason", Metadata.ASCII_STRING_MARSHALLER), "stock");
		StatusException status = new ErrorMapping()
			.handleException(Status.FAILED_PRECONDITION.withDescription("Out of stock").asRuntimeException(trailers));
		assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
		assertThat(status.getStatus().getDescription()).isEqualTo("Out of stock");
		assertThat(status.getTrailers().get(Metadata.Key.of("x-reason", Metadata.ASCII_STRING_MARSHALLER))).isEqualTo("stock");
	}

}
