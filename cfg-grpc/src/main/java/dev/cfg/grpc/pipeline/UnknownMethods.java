package dev.cfg.grpc.pipeline;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import io.grpc.HandlerRegistry;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;

/**
 * Answers calls to methods the server does not have with UNIMPLEMENTED, as grpc-java would, but
 * through the observe stage, so they are logged and counted too (grpc-java answers them before
 * any interceptor runs).
 */
final class UnknownMethods extends HandlerRegistry {

	static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
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
				throw new UncheckedIOException(ex);
			}
		}
	};

	private final ObserveInterceptor observe;

	UnknownMethods(ObserveInterceptor observe) {
		this.observe = observe;
	}

	@Override
	public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
		// Any name a client sends, "service/method" or not, gets a definition: one bound to a service
		// would refuse a name without a service part, and the call would escape the log.
		MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder(BYTES, BYTES)
			.setType(MethodDescriptor.MethodType.UNKNOWN)
			.setFullMethodName(methodName)
			.build();
		ServerCallHandler<byte[], byte[]> unimplemented = (ServerCall<byte[], byte[]> call, Metadata headers) -> {
			throw Refusal.METHOD_NOT_FOUND.exception(shortened(methodName));
		};
		return ServerMethodDefinition.create(method,
				(call, headers) -> this.observe.interceptCall(call, headers, unimplemented));
	}

	/** The name as the answer quotes it: a client may send a very long one. */
	private static String shortened(String name) {
		return (name.length() <= 200) ? name : name.substring(0, 200) + "...";
	}

}
