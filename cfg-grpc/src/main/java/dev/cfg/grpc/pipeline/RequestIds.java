package dev.cfg.grpc.pipeline;

import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** The request id of the call being served, as the request log and the x-request-id trailer carry it. */
public final class RequestIds {

	/**
	 * The header in which a cfg-grpc client sends the request id of the call it is serving, so the
	 * called service's log can point back to it.
	 */
	public static final String PARENT_HEADER = "x-parent-request-id";

	private static final Pattern FORM = Pattern
		.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	private RequestIds() {
	}

	/**
	 * A new request id: a version 7 UUID (RFC 9562), whose first 48 bits are the time in
	 * milliseconds and the remaining 74 random. Ids made close in time sort close together, so the
	 * request log's index on them grows at its end instead of at random places; and making one takes
	 * no lock, where {@link UUID#randomUUID()} shares one {@code SecureRandom} among all threads.
	 * Request ids identify calls; they are not secrets.
	 * @return the id, in the usual 36-character form
	 */
	public static String next() {
		return next(System.currentTimeMillis(), ThreadLocalRandom.current());
	}

	static String next(long epochMillis, Random random) {
		long high = (epochMillis << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
		long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(high, low).toString();
	}

	/**
	 * Whether a text has the form of a request id: a UUID in its usual lower-case form. Request ids
	 * that come from clients are only believed in this form, so what the log stores is bounded.
	 * @param text the text, may be null
	 * @return true for 36 characters of lower-case hex digits and dashes in UUID form
	 */
	public static boolean isRequestId(String text) {
		return text != null && text.length() == 36 && FORM.matcher(text).matches();
	}

	/**
	 * The current call's request id.
	 * @return the id, or empty outside a call
	 */
	public static Optional<String> current() {
		return CallContext.current().map(CallContext::requestId);
	}

}
