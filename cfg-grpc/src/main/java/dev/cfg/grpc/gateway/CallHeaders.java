package dev.cfg.grpc.gateway;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.grpc.Deadline;
import io.grpc.Metadata;
import jakarta.servlet.http.HttpServletRequest;

import dev.cfg.grpc.pipeline.internal.EntryHeaders;

/**
 * Between HTTP headers and a call's metadata: which request headers the call gets (the
 * application's, not HTTP's own or the protocol's), the deadline the client asked for, and the
 * call's headers and trailers as HTTP header values.
 */
final class CallHeaders {

	/** Headers of HTTP itself, of the protocols, or of the browser, which are not the call's. */
	private static final Set<String> NOT_FOR_THE_CALL = Set.of("host", "connection", "content-type", "content-length",
			"accept", "accept-encoding", "accept-language", "te", "transfer-encoding", "keep-alive", "upgrade",
			"cookie", "origin", "referer", "x-grpc-web", "grpc-timeout", "grpc-encoding", "grpc-accept-encoding",
			"connect-protocol-version", "connect-timeout-ms", "connect-content-encoding",
			"connect-accept-encoding", "content-encoding", "priority", "dnt", "pragma", "cache-control");

	private CallHeaders() {
	}

	/**
	 * The call's headers from an HTTP request.
	 * @param request the HTTP request
	 * @return the headers the call carries
	 */
	static Metadata of(HttpServletRequest request) {
		Metadata metadata = new Metadata();
		for (String name : Collections.list(request.getHeaderNames())) {
			String lower = name.toLowerCase(Locale.ROOT);
			if (NOT_FOR_THE_CALL.contains(lower) || lower.startsWith("sec-") || lower.startsWith("access-control-")
					|| lower.startsWith(":") || EntryHeaders.isReserved(lower)) {
				continue;
			}
			for (String value : Collections.list(request.getHeaders(name))) {
				put(metadata, lower, value);
			}
		}
		return metadata;
	}

	private static void put(Metadata metadata, String name, String value) {
		try {
			if (name.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
				metadata.put(Metadata.Key.of(name, Metadata.BINARY_BYTE_MARSHALLER), Base64.getDecoder().decode(value.strip()));
			}
			else {
				metadata.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value);
			}
		}
		catch (IllegalArgumentException ex) {
			// Not a name or value gRPC can carry: the call goes on without it, as through a proxy.
		}
	}

	/**
	 * The deadline the client asked for: gRPC-Web's {@code grpc-timeout} or Connect's
	 * {@code connect-timeout-ms}.
	 * @param request the HTTP request
	 * @return the deadline, or null when none was asked for or the header is not a timeout
	 */
	static Deadline deadline(HttpServletRequest request) {
		String connect = request.getHeader("connect-timeout-ms");
		if (connect != null && connect.matches("[0-9]{1,10}")) {
			return Deadline.after(Long.parseLong(connect), TimeUnit.MILLISECONDS);
		}
		String grpc = request.getHeader("grpc-timeout");
		if (grpc != null && grpc.matches("[0-9]{1,8}[HMSmun]")) {
			long amount = Long.parseLong(grpc.substring(0, grpc.length() - 1));
			TimeUnit unit = switch (grpc.charAt(grpc.length() - 1)) {
				case 'H' -> TimeUnit.HOURS;
				case 'M' -> TimeUnit.MINUTES;
				case 'S' -> TimeUnit.SECONDS;
				case 'm' -> TimeUnit.MILLISECONDS;
				case 'u' -> TimeUnit.MICROSECONDS;
				default -> TimeUnit.NANOSECONDS;
			};
			return Deadline.after(amount, unit);
		}
		return null;
	}

	/**
	 * The values of one header or trailer as HTTP would carry them (binary ones in base64).
	 * @param metadata the headers or trailers
	 * @param key the name
	 * @return the values, in order
	 */
	static List<String> texts(Metadata metadata, String key) {
		List<String> texts = new ArrayList<>();
		if (key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
			Iterable<byte[]> values = metadata.getAll(Metadata.Key.of(key, Metadata.BINARY_BYTE_MARSHALLER));
			if (values != null) {
				values.forEach((value) -> texts.add(Base64.getEncoder().encodeToString(value)));
			}
		}
		else {
			Iterable<String> values = metadata.getAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
			if (values != null) {
				values.forEach(texts::add);
			}
		}
		return texts;
	}

	/**
	 * gRPC-Web's trailers frame: {@code name:value} lines, CRLF-terminated, status first.
	 * @param code the status code's number
	 * @param message the status message, percent-encoded as gRPC does, or null
	 * @param trailers the call's trailers
	 * @return the frame's payload
	 */
	static byte[] grpcWebTrailers(int code, String message, Metadata trailers) {
		StringBuilder text = new StringBuilder("grpc-status:").append(code).append("\r\n");
		if (message != null) {
			text.append("grpc-message:").append(message).append("\r\n");
		}
		for (String key : trailers.keys()) {
			for (String value : texts(trailers, key)) {
				text.append(key).append(':').append(value).append("\r\n");
			}
		}
		return text.toString().getBytes(StandardCharsets.US_ASCII);
	}

}
