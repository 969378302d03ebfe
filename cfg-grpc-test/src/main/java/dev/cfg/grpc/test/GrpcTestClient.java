package dev.cfg.grpc.test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import dev.cfg.grpc.auth.TokenIssuer;
import dev.cfg.grpc.config.CfgGrpcProperties;
import dev.cfg.grpc.users.UserAccount;
import dev.cfg.grpc.users.UserStore;

/**
 * Calls the application under test over its real port, as a user, with an API key, with a token
 * of the test's choosing, or anonymously:
 *
 * <pre>
 * User bob = grpc.asUser("bob").stub(UserServiceGrpc::newBlockingStub).getUser(request);
 * </pre>
 *
 * Stubs get a deadline of 30 seconds unless the test sets its own, so a call that never ends fails
 * the test instead of hanging it.
 */
public final class GrpcTestClient implements DisposableBean {

	/** The deadline of a stub whose test sets none. */
	public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

	private final GrpcServerLifecycle server;

	private final CfgGrpcProperties.Auth auth;

	private final ObjectProvider<TokenIssuer> tokens;

	private final ObjectProvider<UserStore> users;

	private volatile ManagedChannel channel;

	GrpcTestClient(GrpcServerLifecycle server, CfgGrpcProperties.Auth auth, ObjectProvider<TokenIssuer> tokens,
			ObjectProvider<UserStore> users) {
		this.server = server;
		this.auth = auth;
		this.tokens = tokens;
		this.users = users;
	}

	/**
	 * The port the gRPC server listens on.
	 * @return the port
	 */
	public int port() {
		return this.server.getPort();
	}

	/**
	 * Calls without any credential.
	 * @return the caller
	 */
	public Caller anonymous() {
		return new Caller(channel());
	}

	/**
	 * Calls as a user of the application's user store, with an access token signed for it now.
	 * @param username the user, for example one made by {@link TestUsers#user}
	 * @return the caller
	 * @throws IllegalArgumentException when there is no such user
	 */
	public Caller asUser(String username) {
		UserStore store = required(this.users, "the user store (cfg.grpc.users.enabled)");
		UserAccount user = store.findByUsername(username)
			.orElseThrow(() -> new IllegalArgumentException("No user '" + username + "': make one with TestUsers.user"));
		String token = required(this.tokens, "tokens (cfg.grpc.auth.enabled and cfg.secret-key)")
			.accessToken(String.valueOf(user.getId()), Duration.ofMinutes(10));
		return withToken(token);
	}

	/**
	 * Calls with a token of the test's choosing: expired, refresh or forged ones included.
	 * @param token the token, sent after the configured prefix ({@code Bearer})
	 * @return the caller
	 */
	public Caller withToken(String token) {
		String prefix = this.auth.tokenPrefix().isEmpty() ? "" : this.auth.tokenPrefix() + " ";
		return withHeader(this.auth.tokenHeader(), prefix + token);
	}

	/**
	 * Calls with an API key.
	 * @param rawKey the key, as {@link TestUsers#apiKey} returns it
	 * @return the caller
	 */
	public Caller asApiKey(String rawKey) {
		return withHeader(this.auth.apiKeyHeader(), rawKey);
	}

	/**
	 * Calls with one header of the test's choosing.
	 * @param name the header
	 * @param value its value
	 * @return the caller
	 */
	public Caller withHeader(String name, String value) {
		Metadata headers = new Metadata();
		headers.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value);
		return new Caller(ClientInterceptors.intercept(channel(), MetadataUtils.newAttachHeadersInterceptor(headers)));
	}

	private ManagedChannel channel() {
		ManagedChannel open = this.channel;
		if (open == null) {
			synchronized (this) {
				open = this.channel;
				if (open == null) {
					open = ManagedChannelBuilder.forAddress("127.0.0.1", port())
						.usePlaintext()
						.intercept(new DefaultDeadline())
						.build();
					this.channel = open;
				}
			}
		}
		return open;
	}

	private static <T> T required(ObjectProvider<T> provider, String what) {
		T bean = provider.getIfAvailable();
		if (bean == null) {
			throw new IllegalStateException("The application under test has no " + what);
		}
		return bean;
	}

	@Override
	public void destroy() throws InterruptedException {
		ManagedChannel open = this.channel;
		if (open != null) {
			open.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	/** Calls made one way: anonymously, as a user or with a key. */
	public static final class Caller {

		private final Channel channel;

		Caller(Channel channel) {
			this.channel = channel;
		}

		/**
		 * The channel, for stubs made by hand.
		 * @return a channel whose calls carry this caller's credential
		 */
		public Channel channel() {
			return this.channel;
		}

		/**
		 * A stub of a service.
		 * @param <S> the stub type
		 * @param newStub the generated factory, for example {@code UserServiceGrpc::newBlockingStub}
		 * @return the stub
		 */
		public <S extends AbstractStub<S>> S stub(Function<Channel, S> newStub) {
			return newStub.apply(this.channel);
		}

	}

	/** Gives calls without a deadline {@link #DEFAULT_DEADLINE}. */
	private static final class DefaultDeadline implements ClientInterceptor {

		@Override
		public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
				CallOptions options, Channel next) {
			CallOptions bounded = (options.getDeadline() != null) ? options
					: options.withDeadlineAfter(DEFAULT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
			return next.newCall(method, bounded);
		}

	}

}
