package dev.cfg.grpc.auth;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;

import dev.cfg.grpc.config.CfgGrpcProperties;
import dev.cfg.grpc.pipeline.CallContext;
import dev.cfg.grpc.pipeline.Refusal;
import dev.cfg.grpc.pipeline.internal.AroundEveryCallback;
import dev.cfg.grpc.pipeline.internal.BuiltInMethods;
import dev.cfg.grpc.pipeline.internal.CallStages;

/**
 * Authenticates calls from a bearer token (JWT) or an API key, with the semantics of
 * {@code cfg.grpc.auth}: public methods pass without a credential (a valid one still identifies
 * its user; an invalid one is ignored there); otherwise a missing credential or an invalid one
 * refuses the call with UNAUTHENTICATED ({@link Refusal}) when {@code require-auth} is on, and lets
 * it through anonymously when it is off. A valid credential makes its user the caller: in the
 * call's {@link CallContext} ({@link CurrentCaller}) and in Spring Security's
 * {@link SecurityContextHolder}, set around every callback of that call and cleared after it.
 */
final class AuthInterceptor implements ServerInterceptor {

	private final boolean requireAuth;

	private final Metadata.Key<String> tokenHeader;

	private final BearerHeader bearer;

	private final Metadata.Key<String> apiKeyHeader;

	private final Set<String> publicMethods;

	private final TokenVerifier tokens;

	private final PrincipalCache principals;

	private final ApiKeyCheck apiKeys;

	/** Whether a verified client certificate's common name names the caller. */
	private final boolean certificateUsers;

	private final CallStages stages;

	AuthInterceptor(CfgGrpcProperties.Auth auth, TokenVerifier tokens, PrincipalCache principals, ApiKeyCheck apiKeys,
			boolean certificateUsers, CallStages stages) {
		this.stages = stages;
		this.certificateUsers = certificateUsers;
		this.requireAuth = auth.requireAuth();
		this.tokenHeader = Metadata.Key.of(auth.tokenHeader(), Metadata.ASCII_STRING_MARSHALLER);
		this.bearer = BearerHeader.of(auth);
		this.apiKeyHeader = Metadata.Key.of(auth.apiKeyHeader(), Metadata.ASCII_STRING_MARSHALLER);
		Set<String> open = new HashSet<>(BuiltInMethods.HEALTH);
		open.addAll(auth.publicMethods());
		if (auth.publicReflection()) {
			open.addAll(BuiltInMethods.REFLECTION);
		}
		this.publicMethods = Set.copyOf(open);
		this.tokens = tokens;
		this.principals = principals;
		this.apiKeys = apiKeys;
	}

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		boolean open = this.publicMethods.contains(call.getMethodDescriptor().getFullMethodName());
		String token = bearerToken(headers);
		String apiKey = (token != null) ? null : headers.get(this.apiKeyHeader);
		if (token == null && (apiKey == null || apiKey.isBlank())) {
			Optional<CallPrincipal> certified = this.certificateUsers ? ClientCertificates.commonName(call.getAttributes())
				.flatMap(this.principals::resolveByUsername) : Optional.empty();
			if (certified.isPresent()) {
				return asCaller(certified.get(), call, headers, next);
			}
			if (this.requireAuth && !open) {
				throw Refusal.AUTHENTICATION_REQUIRED.exception();
			}
			return next.startCall(call, headers);
		}
		Optional<CallPrincipal> principal = (token != null)
				? this.tokens.accessTokenUser(token).flatMap(this.principals::resolve) : this.apiKeys.verify(apiKey.strip());
		if (principal.isEmpty()) {
			// A public method stays open to a caller whose credential fails: health checks and
			// reflection must not go down because a client carries an expired token.
			if (this.requireAuth && !open) {
				throw ((token != null) ? Refusal.TOKEN_INVALID : Refusal.API_KEY_INVALID).exception();
			}
			return next.startCall(call, headers);
		}
		// A valid credential identifies its user on public methods too.
		return asCaller(principal.get(), call, headers, next);
	}

	/** The token after the prefix, or null when the header is missing or has another format. */
	private String bearerToken(Metadata headers) {
		return this.bearer.token(headers.get(this.tokenHeader));
	}

	private <ReqT, RespT> ServerCall.Listener<ReqT> asCaller(CallPrincipal principal, ServerCall<ReqT, RespT> call,
			Metadata headers, ServerCallHandler<ReqT, RespT> next) {
		CallContext.current().ifPresent((context) -> this.stages.identify(context, principal));
		SecurityContext security = new SecurityContextImpl(authentication(principal));
		AroundEveryCallback asUser = (callback) -> {
			SecurityContext previous = enter(security);
			try {
				callback.run();
			}
			finally {
				leave(previous);
			}
		};
		// Streaming handlers run when the call starts, so the caller is set for that too.
		ServerCall.Listener<ReqT> listener;
		SecurityContext previous = enter(security);
		try {
			listener = next.startCall(call, headers);
		}
		finally {
			leave(previous);
		}
		return asUser.wrap(listener);
	}

	private static SecurityContext enter(SecurityContext security) {
		SecurityContext previous = SecurityContextHolder.getContext();
		SecurityContextHolder.setContext(security);
		return previous;
	}

	private static void leave(SecurityContext previous) {
		if (previous.getAuthentication() == null) {
			SecurityContextHolder.clearContext();
		}
		else {
			SecurityContextHolder.setContext(previous);
		}
	}

	static Authentication authentication(CallPrincipal principal) {
		return UsernamePasswordAuthenticationToken.authenticated(principal, null, AuthorityUtils.createAuthorityList(
				CallPrincipal.authorities(principal.permissions(), principal.staff(), principal.superuser())));
	}

}
