package dev.cfg.grpc.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

import com.google.protobuf.Descriptors;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletResponse;

import dev.cfg.grpc.pipeline.Refusal;

/**
 * One call from the HTTP port, from the moment it is handed to the in-process server: writes what
 * the server answers in the protocol's form, as it arrives (streams are written message by
 * message, each flushed), and cancels the call when the HTTP client goes away. The listener's
 * callbacks come one at a time, so the response is written by one thread at a time.
 */
final class WebCall extends ClientCall.Listener<byte[]> implements AsyncListener {

	private final WebProtocol protocol;

	private final AsyncContext async;

	private final HttpServletResponse response;

	/** The method's response type, for JSON; null otherwise. */
	private final Descriptors.Descriptor responseType;

	private final MessageJson json;

	/**
	 * Whether the method may answer more than one message: its answer is written message by
	 * message (for HTTP/JSON as newline-delimited JSON); a single answer is written whole, once.
	 */
	private final boolean streamed;

	/** For HTTP/JSON: the response field a route answers with, or empty. */
	private final String responseBody;

	private volatile ClientCall<byte[], byte[]> call;

	private Metadata responseHeaders = new Metadata();

	/** A unary Connect call's response, written with its status at the end. */
	private byte[] unaryMessage;

	private boolean committed;

	private volatile boolean finished;

	WebCall(WebProtocol protocol, AsyncContext async, HttpServletResponse response,
			Descriptors.Descriptor responseType, MessageJson json, boolean streamed, String responseBody) {
		this.protocol = protocol;
		this.async = async;
		this.response = response;
		this.responseType = responseType;
		this.json = json;
		this.streamed = streamed;
		this.responseBody = responseBody;
	}

	/**
	 * Starts the call: sends the request message (none when the entry point refused the request in
	 * the call's headers) and asks for the first response.
	 * @param call the call on the in-process channel
	 * @param headers the call's headers
	 * @param message the request message, or null
	 */
	void start(ClientCall<byte[], byte[]> call, Metadata headers, byte[] message) {
		this.call = call;
		call.start(this, headers);
		call.request(1);
		if (message != null) {
			call.sendMessage(message);
		}
		call.halfClose();
	}

	@Override
	public void onHeaders(Metadata headers) {
		this.responseHeaders = headers;
	}

	@Override
	public void onMessage(byte[] message) {
		if (this.finished) {
			return;
		}
		try {
			switch (this.protocol) {
				case GRPC_WEB, GRPC_WEB_TEXT -> {
					if (this.streamed) {
						commitStream();
						write(Frames.frame(Frames.DATA, message));
					}
					else {
						this.unaryMessage = message;
					}
				}
				case CONNECT_STREAM_PROTO, CONNECT_STREAM_JSON -> {
					commitStream();
					write(Frames.frame(Frames.DATA, payload(message)));
				}
				case HTTP_JSON -> {
					if (this.streamed) {
						commitStream();
						writeLine(payload(message));
					}
					else {
						this.unaryMessage = message;
					}
				}
				default -> this.unaryMessage = message;
			}
		}
		catch (IOException ex) {
			clientGone();
			return;
		}
		this.call.request(1);
	}

	@Override
	public void onClose(Status status, Metadata trailers) {
		if (this.finished) {
			return;
		}
		try {
			switch (this.protocol) {
				case GRPC_WEB, GRPC_WEB_TEXT -> {
					byte[] end = Frames.frame(Frames.GRPC_WEB_TRAILERS, CallHeaders.grpcWebTrailers(status.getCode().value(),
							(status.getDescription() != null) ? percentEncoded(status.getDescription()) : null, trailers));
					if (this.streamed) {
						commitStream();
						write(end);
					}
					else {
						writeWhole(end);
					}
				}
				case CONNECT_STREAM_PROTO, CONNECT_STREAM_JSON -> {
					commitStream();
					write(Frames.frame(Frames.CONNECT_END_STREAM,
							ConnectErrors.endOfStream(status, trailers).getBytes(StandardCharsets.UTF_8)));
				}
				case HTTP_JSON -> {
					if (!this.streamed) {
						closeUnary(status, trailers);
					}
					else if (!status.isOk()) {
						// The stream's last line: {"error": google.rpc.Status}.
						commitStream();
						writeLine(("{\"error\":" + this.json.status(status, trailers.get(ConnectErrors.STATUS_DETAILS)) + "}")
							.getBytes(StandardCharsets.UTF_8));
					}
					else {
						commitStream();
					}
				}
				default -> closeUnary(status, trailers);
			}
		}
		catch (IOException ex) {
			// The client went away while the answer was written; the call has ended anyway.
		}
		finish();
	}

	private void closeUnary(Status status, Metadata trailers) throws IOException {
		copy(this.responseHeaders, "");
		if (this.protocol != WebProtocol.HTTP_JSON) {
			// Connect's unary trailers; a REST client gets the request id alone, below.
			copy(trailers, "trailer-");
		}
		// The request id is a trailer of the server's; HTTP tools read headers.
		for (String id : CallHeaders.texts(trailers, "x-request-id")) {
			this.response.setHeader("x-request-id", id);
		}
		// A rate-limited call's wait, where HTTP clients look for it (with status 429).
		for (String seconds : CallHeaders.texts(trailers, "retry-after")) {
			this.response.setHeader("Retry-After", seconds);
		}
		byte[] body;
		if (status.isOk() && this.unaryMessage != null) {
			this.response.setStatus(200);
			this.response.setContentType(this.protocol.contentType());
			body = payload(this.unaryMessage);
		}
		else {
			Status failed = status.isOk() ? Refusal.RESPONSE_MISSING.status() : status;
			this.response.setStatus(StatusCodes.httpStatus(failed.getCode()));
			this.response.setContentType("application/json");
			String error = (this.protocol == WebProtocol.HTTP_JSON)
					? this.json.status(failed, trailers.get(ConnectErrors.STATUS_DETAILS))
					: ConnectErrors.error(failed, trailers);
			body = error.getBytes(StandardCharsets.UTF_8);
		}
		this.response.setContentLength(body.length);
		OutputStream out = this.response.getOutputStream();
		out.write(body);
		out.flush();
	}

	/** A single answer of gRPC-Web: its message's frame and the trailers frame, in one write. */
	private void writeWhole(byte[] trailersFrame) throws IOException {
		byte[] data = (this.unaryMessage != null) ? Frames.frame(Frames.DATA, this.unaryMessage) : new byte[0];
		byte[] body = new byte[data.length + trailersFrame.length];
		System.arraycopy(data, 0, body, 0, data.length);
		System.arraycopy(trailersFrame, 0, body, data.length, trailersFrame.length);
		if (this.protocol == WebProtocol.GRPC_WEB_TEXT) {
			// Each frame in base64 of its own, as the streamed answer has them.
			byte[] first = Base64.getEncoder().encode(data);
			byte[] second = Base64.getEncoder().encode(trailersFrame);
			body = new byte[first.length + second.length];
			System.arraycopy(first, 0, body, 0, first.length);
			System.arraycopy(second, 0, body, first.length, second.length);
		}
		this.response.setStatus(200);
		this.response.setContentType(this.protocol.contentType());
		copy(this.responseHeaders, "");
		this.response.setContentLength(body.length);
		OutputStream out = this.response.getOutputStream();
		out.write(body);
		out.flush();
	}

	/** Status and headers of a streamed answer, once, before its first frame. */
	private void commitStream() throws IOException {
		if (this.committed) {
			return;
		}
		this.committed = true;
		this.response.setStatus(200);
		this.response.setContentType(
				(this.protocol == WebProtocol.HTTP_JSON) ? "application/x-ndjson" : this.protocol.contentType());
		copy(this.responseHeaders, "");
		this.response.flushBuffer();
	}

	private void copy(Metadata headers, String prefix) {
		for (String key : headers.keys()) {
			String name = key.toLowerCase(Locale.ROOT);
			boolean grpcWeb = this.protocol == WebProtocol.GRPC_WEB || this.protocol == WebProtocol.GRPC_WEB_TEXT;
			// gRPC's own headers (grpc-encoding, grpc-status-details-bin...) mean nothing to Connect and REST clients.
			if (name.equals("content-type") || (!grpcWeb && name.startsWith("grpc-"))) {
				continue;
			}
			for (String value : CallHeaders.texts(headers, key)) {
				this.response.addHeader(prefix + name, value);
			}
		}
	}

	private byte[] payload(byte[] message) {
		if (this.protocol.json() && this.responseType != null) {
			return this.json.write(this.responseType, message, this.responseBody).getBytes(StandardCharsets.UTF_8);
		}
		return message;
	}

	private void writeLine(byte[] json) throws IOException {
		OutputStream out = this.response.getOutputStream();
		out.write(json);
		out.write('\n');
		out.flush();
	}

	private void write(byte[] frame) throws IOException {
		OutputStream out = this.response.getOutputStream();
		if (this.protocol == WebProtocol.GRPC_WEB_TEXT) {
			out.write(Base64.getEncoder().encode(frame));
		}
		else {
			out.write(frame);
		}
		out.flush();
	}

	private void clientGone() {
		ClientCall<byte[], byte[]> started = this.call;
		if (started != null) {
			started.cancel("The HTTP client went away", null);
		}
		finish();
	}

	private void finish() {
		if (!this.finished) {
			this.finished = true;
			try {
				this.async.complete();
			}
			catch (IllegalStateException ex) {
				// Completed already by the container (the client went away).
			}
		}
	}

	/** gRPC's encoding of a status message: bytes outside printable ASCII, and '%', as %XX. */
	static String percentEncoded(String message) {
		StringBuilder encoded = new StringBuilder(message.length());
		for (byte b : message.getBytes(StandardCharsets.UTF_8)) {
			if (b >= 0x20 && b <= 0x7E && b != '%') {
				encoded.append((char) b);
			}
			else {
				encoded.append('%').append(String.format("%02X", b & 0xFF));
			}
		}
		return encoded.toString();
	}

	@Override
	public void onComplete(AsyncEvent event) {
	}

	@Override
	public void onTimeout(AsyncEvent event) {
		clientGone();
	}

	@Override
	public void onError(AsyncEvent event) {
		clientGone();
	}

	@Override
	public void onStartAsync(AsyncEvent event) {
	}

}
