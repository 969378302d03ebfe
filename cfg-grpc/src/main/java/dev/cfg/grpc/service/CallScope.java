package dev.cfg.grpc.service;

import io.grpc.Attributes;
import io.grpc.Context;
import io.grpc.Metadata;

/**
 * What {@link BaseService} needs of the call being served: its request headers, its transport
 * attributes (the peer) and the trailers to add when it ends. Attached to the call's gRPC
 * {@link Context} by {@link ServiceCallInterceptor}.
 */
record CallScope(Metadata headers, Attributes attributes, Metadata trailers) {

	static final Context.Key<CallScope> KEY = Context.key("cfg-grpc-call-scope");

	static CallScope current() {
		CallScope scope = KEY.get();
		if (scope == null) {
			throw new IllegalStateException("Not inside a gRPC call served by cfg-grpc");
		}
		return scope;
	}

}
