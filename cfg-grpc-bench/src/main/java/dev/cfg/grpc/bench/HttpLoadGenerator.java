package dev.cfg.grpc.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Predicate;

import io.grpc.Status;

/**
 * The same closed-loop load as {@link LoadGenerator}, over HTTP/1.1: each caller owns one
 * kept-alive connection and sends its next request as soon as its previous answer has been read.
 * A call counts as OK when its answer passes the protocol's check.
 *
 * <p>
 * The client is a plain socket that writes one prepared request and reads the status line, the
 * headers and a body of {@code Content-Length} or chunks, nothing more (as {@code h2load --h1}
 * does). A general client (the JDK's was tried) spends several times the server's CPU per call,
 * and here it shares the two cores and the JVM with the server it measures: the figures were the
 * client's, not the server's.
 */
final class HttpLoadGenerator {

	private final int concurrency;

	private final String host;

	private final int port;

	private final byte[] request;

	private final Predicate<Answer> ok;

	/**
	 * @param concurrency callers, one connection each
	 * @param url where every request goes
	 * @param contentType the request's content type
	 * @param body the request's body, sent with {@code POST}
	 * @param ok whether an answer is a successful call
	 */
	HttpLoadGenerator(int concurrency, String url, String contentType, byte[] body, Predicate<Answer> ok) {
		URI uri = URI.create(url);
		this.concurrency = concurrency;
		this.host = uri.getHost();
		this.port = uri.getPort();
		byte[] head = ("POST " + uri.getRawPath() + " HTTP/1.1\r\nhost: " + uri.getAuthority() + "\r\ncontent-type: "
				+ contentType + "\r\ncontent-length: " + body.length + "\r\n\r\n")
			.getBytes(StandardCharsets.ISO_8859_1);
		this.request = new byte[head.length + body.length];
		System.arraycopy(head, 0, this.request, 0, head.length);
		System.arraycopy(body, 0, this.request, head.length, body.length);
		this.ok = ok;
	}

	/** gRPC-Web answers 200 whatever the call's status: the trailers frame says it. */
	static boolean grpcWebOk(Answer answer) {
		return answer.status() == 200
				&& new String(answer.body(), StandardCharsets.ISO_8859_1).contains("grpc-status:0\r\n");
	}

	LoadGenerator.Result run(Duration warmup, Duration duration) throws InterruptedException {
		return ClosedLoop.runBlocking(this.concurrency, warmup, duration, () -> {
			Connection connection = new Connection();
			return () -> {
				try {
					return this.ok.test(connection.exchange()) ? Status.Code.OK : Status.Code.UNKNOWN;
				}
				catch (IOException ex) {
					connection.reopen();
					return Status.Code.UNAVAILABLE;
				}
			};
		});
	}

	/** One answer: its HTTP status and its body. */
	record Answer(int status, byte[] body) {
	}

	/** One kept-alive connection, opened again after a failure. */
	private final class Connection {

		private Socket socket;

		private OutputStream out;

		private InputStream in;

		Connection() {
			reopen();
		}

		void reopen() {
			try {
				if (this.socket != null) {
					this.socket.close();
				}
				this.socket = new Socket(HttpLoadGenerator.this.host, HttpLoadGenerator.this.port);
				this.socket.setTcpNoDelay(true);
				this.socket.setSoTimeout(30_000);
				this.out = this.socket.getOutputStream();
				this.in = new BufferedInputStream(this.socket.getInputStream(), 16 * 1024);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		Answer exchange() throws IOException {
			this.out.write(HttpLoadGenerator.this.request);
			this.out.flush();
			String statusLine = line();
			int status = Integer.parseInt(statusLine.substring(9, 12));
			int length = -1;
			boolean chunked = false;
			boolean close = false;
			for (String header = line(); !header.isEmpty(); header = line()) {
				String lower = header.toLowerCase(Locale.ROOT);
				if (lower.startsWith("content-length:")) {
					length = Integer.parseInt(lower.substring(15).strip());
				}
				else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
					chunked = true;
				}
				else if (lower.startsWith("connection:") && lower.contains("close")) {
					close = true;
				}
			}
			Answer answer = new Answer(status, chunked ? chunks() : this.in.readNBytes(Math.max(length, 0)));
			if (close) {
				// The server's limit of requests on one connection (Tomcat's is 100): the next goes on a new one.
				reopen();
			}
			return answer;
		}

		private byte[] chunks() throws IOException {
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			for (int size = Integer.parseInt(line().strip(), 16); size > 0; size = Integer.parseInt(line().strip(), 16)) {
				body.write(this.in.readNBytes(size));
				line();
			}
			line();
			return body.toByteArray();
		}

		private String line() throws IOException {
			StringBuilder line = new StringBuilder(64);
			for (int b = this.in.read(); b != '\n'; b = this.in.read()) {
				if (b < 0) {
					throw new IOException("connection closed");
				}
				if (b != '\r') {
					line.append((char) b);
				}
			}
			return line.toString();
		}

	}

}
