package dev.cfg.grpc.pipeline;

import java.io.InputStream;

import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;

/**
 * Request bytes that are not a message of the method's type (garbage, a message over the size
 * limit once decompressed, nesting too deep) fail in grpc-java's parsing, before any interceptor
 * can see them: the client would get UNKNOWN "Application error processing RPC" without a request
 * id, the server log a stack trace. A service definition guarded here parses through a marshaller
 * that records the failure in the call's {@link CallContext} instead, and the observe stage ends
 * the call with grpc-java's own status for it (INTERNAL "Invalid protobuf byte sequence",
 * RESOURCE_EXHAUSTED for a decompression bomb), with {@code x-request-id}, one WARN line and a log
 * record that says the same.
 */
final class MalformedRequests {

	private MalformedRequests() {
	}

	/**
	 * The same service whose request messages are parsed under guard.
	 * @param definition a bound service
	 * @return the guarded definition, with the same descriptors for reflection
	 */
	static ServerServiceDefinition guard(ServerServiceDefinition definition) {
		ServiceDescriptor original = definition.getServiceDescriptor();
		ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(original.getName())
			.setSchemaDescriptor(original.getSchemaDescriptor());
		java.util.List<ServerMethodDefinition<?, ?>> methods = new java.util.ArrayList<>();
		for (ServerMethodDefinition<?, ?> method : definition.getMethods()) {
			ServerMethodDefinition<?, ?> guarded = guard(method);
			methods.add(guarded);
			descriptor.addMethod(guarded.getMethodDescriptor());
		}
		ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(descriptor.build());
		methods.forEach(builder::addMethod);
		return builder.build();
	}

	private static <ReqT, RespT> ServerMethodDefinition<ReqT, RespT> guard(ServerMethodDefinition<ReqT, RespT> method) {
		MethodDescriptor<ReqT, RespT> descriptor = method.getMethodDescriptor();
		if (!(descriptor.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<ReqT> marshaller)) {
			return method;
		}
		return ServerMethodDefinition.create(
				descriptor.toBuilder().setRequestMarshaller(new GuardedMarshaller<>(marshaller)).build(),
				method.getServerCallHandler());
	}

	/** Parses as the original does; a failure is recorded in the call, and an empty message stands in. */
	private record GuardedMarshaller<T>(MethodDescriptor.PrototypeMarshaller<T> original)
			implements MethodDescriptor.PrototypeMarshaller<T> {

		@Override
		public InputStream stream(T value) {
			return this.original.stream(value);
		}

		@Override
		public T parse(InputStream stream) {
			try {
				return this.original.parse(stream);
			}
			catch (RuntimeException ex) {
				CallContext call = CallContext.KEY.get();
				if (call == null) {
					throw ex;
				}
				call.refuseRequest(Status.fromThrowable(ex));
				return this.original.getMessagePrototype();
			}
		}

		@Override
		public T getMessagePrototype() {
			return this.original.getMessagePrototype();
		}

		@Override
		public Class<T> getMessageClass() {
			return this.original.getMessageClass();
		}

	}

}
