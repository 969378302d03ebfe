package dev.cfg.grpc.service;

import java.util.HashMap;
import java.util.Map;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

import org.springframework.util.ClassUtils;

import dev.cfg.grpc.auth.CurrentCaller;
import dev.cfg.grpc.pipeline.CallContext;
import dev.cfg.grpc.pipeline.Refusal;
import dev.cfg.grpc.pipeline.internal.CallStages;
import dev.cfg.grpc.server.ServiceRegistry;

/**
 * The guards of the pipeline, after authentication: refuses anonymous calls to
 * {@link AuthRequiredService}s, runs calls to {@link ReadOnlyService}s read-only (marking their
 * {@link CallContext}), and ends calls only after the transaction they ended in has committed
 * ({@link CommitFirstCall}).
 */
final class ServiceCallInterceptor implements ServerInterceptor {

	private enum Guard {

		NONE, AUTH_REQUIRED, READ_ONLY

	}

	private final ServiceRegistry registry;

	private final ReadOnlyCalls readOnly;

	private volatile Map<String, Guard> guards;

	private final CallStages stages;

	ServiceCallInterceptor(ServiceRegistry registry, ReadOnlyCalls readOnly, CallStages stages) {
		this.registry = registry;
		this.readOnly = readOnly;
		this.stages = stages;
	}

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		Guard guard = guards().getOrDefault(call.getMethodDescriptor().getServiceName(), Guard.NONE);
		if (guard == Guard.AUTH_REQUIRED && CurrentCaller.get().isEmpty()) {
			throw Refusal.AUTHENTICATION_REQUIRED.exception();
		}
		CommitFirstCall<ReqT, RespT> commitFirst = new CommitFirstCall<>(call);
		if (guard == Guard.READ_ONLY) {
			CallContext.current().ifPresent(this.stages::markReadOnly);
			ServerCall<ReqT, RespT> readOnlyCall = this.readOnly.call(commitFirst);
			return this.readOnly.wrap(this.readOnly.inTransaction(() -> next.startCall(readOnlyCall, headers)));
		}
		return commitFirst.listener(next.startCall(commitFirst, headers));
	}

	private Map<String, Guard> guards() {
		Map<String, Guard> current = this.guards;
		if (current == null) {
			current = new HashMap<>();
			for (ServiceRegistry.ServedService service : this.registry.services()) {
				Class<?> type = ClassUtils.resolveClassName(service.implementation(), getClass().getClassLoader());
				current.put(service.name(), AuthRequiredService.class.isAssignableFrom(type) ? Guard.AUTH_REQUIRED
						: ReadOnlyService.class.isAssignableFrom(type) ? Guard.READ_ONLY : Guard.NONE);
			}
			this.guards = Map.copyOf(current);
		}
		return current;
	}

}
