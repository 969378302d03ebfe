package dev.cfg.grpc.pipeline.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import io.grpc.Metadata;
import io.grpc.Status;

/**
 * Not API: what the HTTP entry point (gRPC-Web, Connect, HTTP/JSON) tells the pipeline about a call
 * it hands to the in-process server: the protocol, the HTTP client's address (after the
 * trusted-proxy rules), the connection's address, the client's {@code User-Agent} (the in-process
 * channel sends its own in the call's), and a refusal it decided before any message
 * could be read (a body it could not decode, one over the size limit). The pipeline believes
 * these headers only on in-process calls, which no client outside this process can make; the entry
 * point drops any header with the same prefix that an HTTP client sends.
 */
public final class EntryHeaders {

	/** HTTP/2 gRPC on the gRPC port. */
	public static final String GRPC = "grpc";

	/** gRPC-Web, binary or text, on the HTTP port. */
	public static final String GRPC_WEB = "grpc-web";

	/** The Connect protocol on the HTTP port. */
	public static final String CONNECT = "connect";

	/** HTTP/JSON transcoded from a method's {@code google.api.http} route. */
	public static final String HTTP_JSON = "http-json";

	/** Every protocol's word, as the request log's {@code protocol} column holds it. */
	public static final List<String> PROTOCOLS = List.of(GRPC, GRPC_WEB, CONNECT, HTTP_JSON);

	private static final Set<String> HTTP_PROTOCOLS = Set.of(GRPC_WEB, CONNECT, HTTP_JSON);

	/** Every header of the entry point starts so. */
	public static final String PREFIX = "x-cfg-entry-";

	private static final Metadata.Key<String> PROTOCOL = Metadata.Key.of(PREFIX + "protocol",
			Metadata.ASCII_STRING_MARSHALLER);

	private static final Metadata.Key<String> CLIENT = Metadata.Key.of(PREFIX + "client", Metadata.ASCII_STRING_MARSHALLER);

	private static final Metadata.Key<String> PEER = Metadata.Key.of(PREFIX + "peer", Metadata.ASCII_STRING_MARSHALLER);

	private static final Metadata.Key<String> USER_AGENT = Metadata.Key.of(PREFIX + "user-agent",
			Metadata.ASCII_STRING_MARSHALLER);

	private static final Metadata.Key<byte[]> REFUSAL = Metadata.Key.of(PREFIX + "refusal-bin",
			Metadata.BINARY_BYTE_MARSHALLER);

	private EntryHeaders() {
	}

	/**
	 * Whether an HTTP header is one of the entry point's own, which a client may not send.
	 * @param name the header's name
	 * @return true for every name with the entry point's prefix, in any case
	 */
	public static boolean isReserved(String name) {
		return name.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
	}

	/**
	 * Marks a call as coming from the HTTP entry point.
	 * @param headers the call's headers
	 * @param protocol one of {@link #GRPC_WEB}, {@link #CONNECT}, {@link #HTTP_JSON}
	 * @param clientAddress the HTTP client's address, after the trusted-proxy rules
	 * @param peer the HTTP connection's address and port
	 * @param userAgent the HTTP request's {@code User-Agent}, or null
	 */
	public static void write(Metadata headers, String protocol, String clientAddress, String peer, String userAgent) {
		if (!HTTP_PROTOCOLS.contains(protocol)) {
			throw new IllegalArgumentException("Not an HTTP protocol: " + protocol);
		}
		headers.put(PROTOCOL, protocol);
		headers.put(CLIENT, clientAddress);
		headers.put(PEER, peer);
		if (userAgent != null) {
			headers.put(USER_AGENT, userAgent);
		}
	}

	/**
	 * Asks the pipeline to refuse the call with a status the entry point decided.
	 * @param headers the call's headers, already {@linkplain #write written}
	 * @param refusal the status, from {@code Refusal}
	 */
	public static void refuse(Metadata headers, Status refusal) {
		String description = (refusal.getDescription() != null) ? refusal.getDescription() : "";
		headers.put(REFUSAL, (refusal.getCode().name() + "\n" + description).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * What the entry point said of a call.
	 * @param headers the headers of an in-process call
	 * @return the entry, or null for a call the entry point did not make
	 */
	public static Entry read(Metadata headers) {
		String protocol = headers.get(PROTOCOL);
		if (protocol == null || !HTTP_PROTOCOLS.contains(protocol)) {
			return null;
		}
		Status refusal = null;
		byte[] refused = headers.get(REFUSAL);
		if (refused != null) {
			String text = new String(refused, StandardCharsets.UTF_8);
			int newline = text.indexOf('\n');
			Status.Code code = Status.Code.valueOf(text.substring(0, newline));
			refusal = Status.fromCode(code).withDescription(text.substring(newline + 1));
		}
		return new Entry(protocol, headers.get(CLIENT), headers.get(PEER), headers.get(USER_AGENT), refusal);
	}

	/**
	 * A call the HTTP entry point made.
	 * @param protocol how the call came over HTTP
	 * @param clientAddress the HTTP client's address
	 * @param peer the HTTP connection's address and port
	 * @param userAgent the HTTP client's {@code User-Agent}, or null
	 * @param refusal the status to refuse the call with, or null
	 */
	public record Entry(String protocol, String clientAddress, String peer, String userAgent, Status refusal) {
	}

}
