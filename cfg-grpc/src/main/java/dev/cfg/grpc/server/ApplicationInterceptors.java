package dev.cfg.grpc.server;

import java.util.ArrayList;
import java.util.List;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

import org.springframework.beans.factory.config.AutowireCapableBeanFactory;

import dev.cfg.grpc.config.internal.ClassSetting;

/**
 * Runs the interceptors named in {@code cfg.grpc.server.interceptors}, first name outermost,
 * after the built-in ones. Each is created through the bean factory, so constructor injection
 * works.
 */
final class ApplicationInterceptors implements ServerInterceptor {

	static final String SETTING = "cfg.grpc.server.interceptors";

	private final List<ServerInterceptor> interceptors;

	private ApplicationInterceptors(List<ServerInterceptor> interceptors) {
		this.interceptors = List.copyOf(interceptors);
	}

	static ApplicationInterceptors create(List<String> classNames, AutowireCapableBeanFactory beanFactory,
			ClassLoader classLoader) {
		List<ServerInterceptor> interceptors = new ArrayList<>();
		for (String className : classNames) {
			interceptors.add(beanFactory.createBean(
					ClassSetting.load(SETTING, className, ServerInterceptor.class, classLoader)));
		}
		return new ApplicationInterceptors(interceptors);
	}

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		return chain(0, next).startCall(call, headers);
	}

	private <ReqT, RespT> ServerCallHandler<ReqT, RespT> chain(int index, ServerCallHandler<ReqT, RespT> last) {
		if (index == this.interceptors.size()) {
			return last;
		}
		ServerInterceptor interceptor = this.interceptors.get(index);
		ServerCallHandler<ReqT, RespT> rest = chain(index + 1, last);
		return (call, headers) -> interceptor.interceptCall(call, headers, rest);
	}

}
