package dev.cfg.grpc.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

/**
 * The load generator against a server of any kind (a deployed application, a proxy in front of
 * several): one unary method, its request given as the bytes of the serialized message, so no
 * generated code is needed. Prints one line of figures.
 */
final class TargetLoad {

	private TargetLoad() {
	}

	static LoadGenerator.Result run(String target, String fullMethodName, String requestHex, Map<String, String> headers,
			int concurrency, Duration warmup, Duration duration) throws InterruptedException {
		MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder()
			.setType(MethodDescriptor.MethodType.UNARY)
			.setFullMethodName(fullMethodName)
			.setRequestMarshaller(Bytes.MARSHALLER)
			.setResponseMarshaller(Bytes.MARSHALLER)
			.build();
		Metadata metadata = new Metadata();
		headers.forEach((name, value) -> metadata.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value));
		ManagedChannel channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
		try {
			return new LoadGenerator(channel, concurrency, metadata).run(method, HexFormat.of().parseHex(requestHex),
					warmup, duration);
		}
		finally {
			channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		}
	}

	static void print(String target, LoadGenerator.Result result) {
		System.out.printf("target %s: %.0f QPS, p50 %.2f ms, p99 %.2f ms, max %.2f ms, %d calls, status codes %s%n",
				target, result.qps(), result.p50(), result.p99(), result.max(), result.calls(), result.codes());
	}

	/** Messages as their bytes. */
	private static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {

		static final Bytes MARSHALLER = new Bytes();

		@Override
		public InputStream stream(byte[] value) {
			return new ByteArrayInputStream(value);
		}

		@Override
		public byte[] parse(InputStream stream) {
			try {
				return stream.readAllBytes();
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
