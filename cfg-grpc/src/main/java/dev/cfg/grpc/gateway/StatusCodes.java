package dev.cfg.grpc.gateway;

import java.util.Locale;

import io.grpc.Status;

/**
 * How HTTP answers a gRPC status: the HTTP status of Google's API design guide and the Connect
 * protocol (the two agree), and Connect's names of the codes.
 */
final class StatusCodes {

	private StatusCodes() {
	}

	/**
	 * The HTTP status for a gRPC status code.
	 * @param code the code
	 * @return the HTTP status
	 */
	static int httpStatus(Status.Code code) {
		return switch (code) {
			case OK -> 200;
			case CANCELLED -> 499;
			case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> 400;
			case DEADLINE_EXCEEDED -> 504;
			case NOT_FOUND -> 404;
			case ALREADY_EXISTS, ABORTED -> 409;
			case PERMISSION_DENIED -> 403;
			case UNAUTHENTICATED -> 401;
			case RESOURCE_EXHAUSTED -> 429;
			case UNIMPLEMENTED -> 501;
			case UNAVAILABLE -> 503;
			case UNKNOWN, INTERNAL, DATA_LOSS -> 500;
		};
	}

	/**
	 * Connect's name of a code.
	 * @param code the code
	 * @return for example {@code not_found}; {@code canceled} for CANCELLED
	 */
	static String connectName(Status.Code code) {
		return (code == Status.Code.CANCELLED) ? "canceled" : code.name().toLowerCase(Locale.ROOT);
	}

}
