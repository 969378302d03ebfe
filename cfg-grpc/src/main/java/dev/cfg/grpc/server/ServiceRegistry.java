package dev.cfg.grpc.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Descriptors;
import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoServiceDescriptorSupplier;

import org.springframework.aop.support.AopUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.grpc.server.service.DefaultGrpcServiceDiscoverer;
import org.springframework.grpc.server.service.GrpcServiceSpec;

import dev.cfg.grpc.config.CfgGrpcConfigException;
import dev.cfg.grpc.server.internal.GeneratedBinding;

/**
 * What the gRPC server serves: every service with its implementing class and its methods. Built
 * once from the application's {@link BindableService} beans, including those found through
 * {@code cfg.grpc.enabled-apps} and {@code cfg.grpc.custom-services}. Two beans implementing the
 * same gRPC service fail startup, naming both classes.
 */
public final class ServiceRegistry {

	private final ApplicationContext context;

	private volatile Snapshot snapshot;

	ServiceRegistry(ApplicationContext context) {
		this.context = context;
	}

	/**
	 * The served services, sorted by name.
	 * @return the services
	 */
	public List<ServedService> services() {
		return snapshot().services();
	}

	/**
	 * Looks up a service by its full name.
	 * @param serviceName for example {@code api.users.UserService}
	 * @return the service, or null when it is not served
	 */
	public ServedService service(String serviceName) {
		return snapshot().services().stream().filter((s) -> s.name().equals(serviceName)).findFirst().orElse(null);
	}

	/**
	 * Every service with its implementing class, and every method with its kind, one per line.
	 * @return the listing, indented for logs and command output
	 */
	public String describe() {
		StringBuilder text = new StringBuilder();
		for (ServedService service : services()) {
			text.append("  ").append(service.name()).append("  (").append(service.implementation()).append(')');
			text.append(System.lineSeparator());
			for (ServedMethod method : service.methods()) {
				text.append(String.format("      %-32s %s%n", method.name(), method.kind().label()));
			}
		}
		return text.toString().stripTrailing();
	}

	List<GrpcServiceSpec> specs() {
		return snapshot().specs();
	}

	private Snapshot snapshot() {
		Snapshot current = this.snapshot;
		if (current == null) {
			synchronized (this) {
				current = this.snapshot;
				if (current == null) {
					current = build();
					this.snapshot = current;
				}
			}
		}
		return current;
	}

	private Snapshot build() {
		Map<String, String> beanNames = new LinkedHashMap<>();
		this.context.getBeansOfType(BindableService.class).forEach((name, bean) -> beanNames.put(identity(bean), name));
		List<GrpcServiceSpec> specs = new DefaultGrpcServiceDiscoverer(this.context).findServices()
			.stream()
			.map((spec) -> new GrpcServiceSpec(bindingTheProxy(spec.service()), spec.serviceInfo()))
			.toList();
		Map<String, ServedService> byName = new LinkedHashMap<>();
		for (GrpcServiceSpec spec : specs) {
			ServerServiceDefinition definition = spec.service().bindService();
			BindableService bean = (spec.service() instanceof ProxyBinding binding) ? binding.proxy() : spec.service();
			String serviceName = definition.getServiceDescriptor().getName();
			String beanName = beanNames.getOrDefault(identity(bean), "?");
			ServedService service = new ServedService(serviceName, AopUtils.getTargetClass(bean).getName(), beanName,
					methods(definition));
			ServedService previous = byName.putIfAbsent(serviceName, service);
			if (previous != null) {
				throw new CfgGrpcConfigException(
						"gRPC service " + serviceName + " is implemented twice: by " + previous.implementation()
								+ " (bean '" + previous.beanName() + "') and by " + service.implementation() + " (bean '"
								+ service.beanName() + "').",
						"Keep one implementation: remove the other bean, or take its package out of "
								+ "cfg.grpc.enabled-apps or its class out of cfg.grpc.custom-services.");
			}
		}
		List<ServedService> services = new ArrayList<>(byName.values());
		services.sort((a, b) -> a.name().compareTo(b.name()));
		return new Snapshot(List.copyOf(specs), List.copyOf(services));
	}

	/**
	 * A service bean behind an interface-based (JDK) proxy, for example for {@code @Transactional}
	 * with {@code spring.aop.proxy-target-class=false}, would bind its target: calls would skip the
	 * proxy and its transactions. Such a bean is bound through the generated
	 * {@code XxxGrpc.bindService(AsyncService)} instead, which routes calls through the proxy.
	 * Class-based proxies, Spring Boot's default, need nothing: the generated {@code bindService()}
	 * is final and so already binds the proxy.
	 */
	static BindableService bindingTheProxy(BindableService bean) {
		if (!AopUtils.isJdkDynamicProxy(bean)) {
			return bean;
		}
		return GeneratedBinding.of(bean.getClass())
			.<BindableService>map((binding) -> new ProxyBinding(bean, binding))
			.orElse(bean);
	}

	/** Binds a proxied service through its generated static {@code bindService}. */
	private record ProxyBinding(BindableService proxy, GeneratedBinding binding) implements BindableService {

		@Override
		public ServerServiceDefinition bindService() {
			return this.binding.bind(this.proxy);
		}

	}

	private static String identity(Object bean) {
		return Integer.toHexString(System.identityHashCode(bean));
	}

	private static List<ServedMethod> methods(ServerServiceDefinition definition) {
		List<ServedMethod> methods = new ArrayList<>();
		Descriptors.ServiceDescriptor proto = (definition.getServiceDescriptor()
			.getSchemaDescriptor() instanceof ProtoServiceDescriptorSupplier supplier) ? supplier.getServiceDescriptor()
					: null;
		for (ServerMethodDefinition<?, ?> method : definition.getMethods()) {
			MethodDescriptor<?, ?> descriptor = method.getMethodDescriptor();
			Descriptors.MethodDescriptor protoMethod = (proto != null)
					? proto.findMethodByName(descriptor.getBareMethodName()) : null;
			methods.add(new ServedMethod(descriptor.getFullMethodName(), descriptor.getBareMethodName(),
					MethodKind.of(descriptor.getType()), protoMethod));
		}
		methods.sort((a, b) -> a.fullName().compareTo(b.fullName()));
		return List.copyOf(methods);
	}

	private record Snapshot(List<GrpcServiceSpec> specs, List<ServedService> services) {
	}

	/**
	 * One served gRPC service.
	 *
	 * @param name full service name, for example {@code api.users.UserService}
	 * @param implementation class that implements it
	 * @param beanName name of its Spring bean
	 * @param methods its methods, sorted by name
	 */
	public record ServedService(String name, String implementation, String beanName, List<ServedMethod> methods) {

		/**
		 * The proto file that declares the service.
		 * @return its import path, such as {@code api/users/users.proto}, or null without a
		 * protobuf description
		 */
		public String protoFile() {
			return this.methods.stream()
				.filter((method) -> method.proto() != null)
				.map((method) -> method.proto().getFile().getName())
				.findFirst()
				.orElse(null);
		}

	}

	/**
	 * One method of a served service.
	 *
	 * @param fullName for example {@code api.users.UserService/GetUser}
	 * @param name for example {@code GetUser}
	 * @param kind unary or one of the streaming kinds
	 * @param proto the protobuf description of the method (its request and response message types),
	 * or null for a service not generated from a .proto file
	 */
	public record ServedMethod(String fullName, String name, MethodKind kind, Descriptors.MethodDescriptor proto) {

		/**
		 * The full name of the request message type.
		 * @return for example {@code api.users.GetUserRequest}, or null without a protobuf description
		 */
		public String requestType() {
			return (this.proto != null) ? this.proto.getInputType().getFullName() : null;
		}

		/**
		 * The full name of the response message type.
		 * @return for example {@code api.users.User}, or null without a protobuf description
		 */
		public String responseType() {
			return (this.proto != null) ? this.proto.getOutputType().getFullName() : null;
		}

	}

	/** The four kinds of gRPC method. */
	public enum MethodKind {

		/** One request, one response. */
		UNARY("unary"),
		/** One request, a stream of responses. */
		SERVER_STREAMING("server streaming"),
		/** A stream of requests, one response. */
		CLIENT_STREAMING("client streaming"),
		/** Streams both ways. */
		BIDI_STREAMING("bidi streaming"),
		/** Not known to this version of gRPC. */
		UNKNOWN("unknown");

		private final String label;

		MethodKind(String label) {
			this.label = label;
		}

		/**
		 * How the kind is shown to people.
		 * @return for example {@code server streaming}
		 */
		public String label() {
			return this.label;
		}

		static MethodKind of(MethodDescriptor.MethodType type) {
			return switch (type) {
				case UNARY -> UNARY;
				case SERVER_STREAMING -> SERVER_STREAMING;
				case CLIENT_STREAMING -> CLIENT_STREAMING;
				case BIDI_STREAMING -> BIDI_STREAMING;
				default -> UNKNOWN;
			};
		}

	}

}
