package dev.cfg.grpc.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;

import io.grpc.Status;

/**
 * The same closed-loop load as {@link LoadGenerator}, over HTTP/1.1 with the JDK's client: each of
 * the callers sends the next request as soon as its previous one is answered, on connections kept
 * alive. A call counts as OK when its answer passes the protocol's check.
 */
final class HttpLoadGenerator {

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final int concurrency;

	private final HttpRequest request;

	private final Predicate<HttpResponse<byte[]>> ok;

	/**
	 * @param concurrency callers
	 * @param url where every request goes
	 * @param contentType the request's content type
	 * @param body the request's body
	 * @param ok whether an answer is a successful call
	 */
	HttpLoadGenerator(int concurrency, String url, String contentType, byte[] body,
			Predicate<HttpResponse<byte[]>> ok) {
		this.concurrency = concurrency;
		this.request = HttpRequest.newBuilder(URI.create(url))
			.header("content-type", contentType)
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		this.ok = ok;
	}

	/** gRPC-Web answers 200 whatever the call's status: the trailers frame says it. */
	static boolean grpcWebOk(HttpResponse<byte[]> response) {
		return response.statusCode() == 200
				&& new String(response.body(), StandardCharsets.ISO_8859_1).contains("grpc-status:0\r\n");
	}

	LoadGenerator.Result run(Duration warmup, Duration duration) throws InterruptedException {
		return ClosedLoop.run(this.concurrency, warmup, duration,
				(ended) -> this.client.sendAsync(this.request, HttpResponse.BodyHandlers.ofByteArray())
					.whenComplete((response, failure) -> ended
						.accept((failure == null && this.ok.test(response)) ? Status.Code.OK : Status.Code.UNKNOWN)));
	}

}
