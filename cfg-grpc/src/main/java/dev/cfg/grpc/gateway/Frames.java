package dev.cfg.grpc.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The length-prefixed frames of gRPC-Web and of Connect's streaming calls: a flags byte, four bytes
 * of length (big-endian), then the payload. gRPC-Web marks its trailers with flag {@code 0x80};
 * Connect marks its end of stream with {@code 0x02}; both mark a compressed payload with
 * {@code 0x01}, which this server never sends and refuses to read.
 */
final class Frames {

	static final int DATA = 0x00;

	static final int COMPRESSED = 0x01;

	static final int CONNECT_END_STREAM = 0x02;

	static final int GRPC_WEB_TRAILERS = 0x80;

	private static final int PREFIX = 5;

	private Frames() {
	}

	/**
	 * The one message of a request body that holds exactly one uncompressed data frame.
	 * @param body the body
	 * @return the message
	 * @throws UnreadableBody when the body holds anything else
	 */
	static byte[] singleMessage(byte[] body) {
		if (body.length < PREFIX) {
			throw new UnreadableBody("a frame needs at least 5 bytes, the body has " + body.length);
		}
		int flags = body[0] & 0xFF;
		if ((flags & COMPRESSED) != 0) {
			throw new UnreadableBody("compressed messages are not accepted; send them uncompressed");
		}
		if (flags != DATA) {
			throw new UnreadableBody("the first frame is not a message (flags " + flags + ")");
		}
		long length = ByteBuffer.wrap(body, 1, 4).getInt() & 0xFFFFFFFFL;
		if (length != body.length - PREFIX) {
			throw new UnreadableBody("the frame says " + length + " bytes, the body holds " + (body.length - PREFIX)
					+ " after it; one request message is expected");
		}
		byte[] message = new byte[(int) length];
		System.arraycopy(body, PREFIX, message, 0, message.length);
		return message;
	}

	/**
	 * A frame.
	 * @param flags the flags byte
	 * @param payload the payload
	 * @return the frame's bytes
	 */
	static byte[] frame(int flags, byte[] payload) {
		return ByteBuffer.allocate(PREFIX + payload.length)
			.put((byte) flags)
			.putInt(payload.length)
			.put(payload)
			.array();
	}

	/**
	 * The body of a gRPC-Web text request: base64, possibly several padded pieces one after
	 * another (a client may encode each frame on its own).
	 * @param text the body as sent
	 * @return the decoded bytes
	 * @throws UnreadableBody when the text is not base64
	 */
	static byte[] decodeBase64(byte[] text) {
		ByteArrayOutputStream decoded = new ByteArrayOutputStream(text.length * 3 / 4);
		Base64.Decoder decoder = Base64.getDecoder();
		int start = 0;
		int length = 0;
		for (int i = 0; i < text.length; i++) {
			byte c = text[i];
			if (c == '\r' || c == '\n') {
				throw new UnreadableBody("the base64 body has a line break at byte " + i);
			}
			length++;
			boolean padded = c == '=';
			// A group of four that ends in padding closes one piece.
			if (length % 4 == 0 && padded) {
				decoded.writeBytes(piece(decoder, text, start, i + 1));
				start = i + 1;
				length = 0;
			}
		}
		if (start < text.length) {
			decoded.writeBytes(piece(decoder, text, start, text.length));
		}
		return decoded.toByteArray();
	}

	private static byte[] piece(Base64.Decoder decoder, byte[] text, int from, int to) {
		try {
			return decoder.decode(new String(text, from, to - from, StandardCharsets.US_ASCII));
		}
		catch (IllegalArgumentException ex) {
			throw new UnreadableBody("the body is not base64 (" + ex.getMessage() + ")");
		}
	}

	/** A request body the entry point cannot turn into the method's request. */
	static final class UnreadableBody extends RuntimeException {

		private static final long serialVersionUID = 1L;

		UnreadableBody(String reason) {
			super(reason, null, false, false);
		}

	}

}
