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
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;

/**
 * Answers calls to methods the server does not have with UNIMPLEMENTED, as grpc-java would, but
 * through the observe stage, so they are logged and counted too (grpc-java answers them before
 * any interceptor runs).
 */
final class UnknownMethods extends HandlerRegistry {

	private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
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
		MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder(BYTES, BYTES)
			.setType(MethodDescriptor.MethodType.UNKNOWN)
			.setFullMethodName(methodName)
			.build();
		ServerCallHandler<byte[], byte[]> unimplemented = (ServerCall<byte[], byte[]> call, Metadata headers) -> {
			call.close(Status.UNIMPLEMENTED.withDescription("Method not found: " + methodName), new Metadata());
			return new ServerCall.Listener<>() {
			};
		};
		String service = MethodDescriptor.extractFullServiceName(methodName);
		ServerServiceDefinition definition = ServerServiceDefinition.builder((service != null) ? service : methodName)
			.addMethod(method, unimplemented)
			.build();
		return ServerInterceptors.intercept(definition, this.observe).getMethod(methodName);
	}

}
