package dev.cfg.grpc.gateway;

import java.util.Locale;

import dev.cfg.grpc.pipeline.internal.EntryHeaders;

/**
 * The forms a call takes on the HTTP port, told apart by the request's {@code Content-Type}.
 */
enum WebProtocol {

	/** gRPC-Web, binary frames. */
	GRPC_WEB(EntryHeaders.GRPC_WEB, "application/grpc-web+proto", false, true),

	/** gRPC-Web, frames in base64, for clients that cannot read binary bodies. */
	GRPC_WEB_TEXT(EntryHeaders.GRPC_WEB, "application/grpc-web-text+proto", false, true),

	/** Connect, a unary call with a binary message as the body. */
	CONNECT_PROTO(EntryHeaders.CONNECT, "application/proto", false, false),

	/** Connect, a unary call with a JSON message as the body. */
	CONNECT_JSON(EntryHeaders.CONNECT, "application/json", true, false),

	/** Connect, a streaming call of binary messages in frames. */
	CONNECT_STREAM_PROTO(EntryHeaders.CONNECT, "application/connect+proto", false, true),

	/** Connect, a streaming call of JSON messages in frames. */
	CONNECT_STREAM_JSON(EntryHeaders.CONNECT, "application/connect+json", true, true),

	/**
	 * HTTP/JSON from a {@code google.api.http} route: JSON in, JSON out; a server stream answers
	 * newline-delimited JSON ({@code application/x-ndjson}).
	 */
	HTTP_JSON(EntryHeaders.HTTP_JSON, "application/json", true, false);

	private final String logName;

	private final String contentType;

	private final boolean json;

	private final boolean framed;

	WebProtocol(String logName, String contentType, boolean json, boolean framed) {
		this.logName = logName;
		this.contentType = contentType;
		this.json = json;
		this.framed = framed;
	}

	/** The protocol's word in the request log. */
	String logName() {
		return this.logName;
	}

	/** The {@code Content-Type} of responses. */
	String contentType() {
		return this.contentType;
	}

	/** Whether messages travel as JSON. */
	boolean json() {
		return this.json;
	}

	/** Whether messages travel in length-prefixed frames. */
	boolean framed() {
		return this.framed;
	}

	/** Whether only a request to a method the server knows (or that says it speaks Connect) is taken as one. */
	boolean ambiguous() {
		return this == CONNECT_PROTO || this == CONNECT_JSON;
	}

	/**
	 * The protocol of a request.
	 * @param contentType the request's {@code Content-Type}, or null
	 * @return the protocol, or null for any other content type
	 */
	static WebProtocol of(String contentType) {
		if (contentType == null) {
			return null;
		}
		int semicolon = contentType.indexOf(';');
		String type = ((semicolon < 0) ? contentType : contentType.substring(0, semicolon)).strip()
			.toLowerCase(Locale.ROOT);
		return switch (type) {
			case "application/grpc-web", "application/grpc-web+proto" -> GRPC_WEB;
			case "application/grpc-web-text", "application/grpc-web-text+proto" -> GRPC_WEB_TEXT;
			case "application/proto" -> CONNECT_PROTO;
			case "application/json" -> CONNECT_JSON;
			case "application/connect+proto" -> CONNECT_STREAM_PROTO;
			case "application/connect+json" -> CONNECT_STREAM_JSON;
			default -> null;
		};
	}

}
