package dev.cfg.grpc.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.cfg.grpc.auth.internal.HeaderAuthentication;

/**
 * Signs HTTP requests in with {@code Authorization: Bearer <access token>} (the header and prefix
 * of {@code cfg.grpc.auth}, read by the same reader as gRPC calls' headers), the same tokens gRPC
 * calls use. A missing or invalid token leaves the request anonymous; the authorization rules
 * then answer 401 or 403.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

	private final HeaderAuthentication bearer;

	private final SecurityContextRepository requestScoped = new RequestAttributeSecurityContextRepository();

	BearerTokenFilter(HeaderAuthentication bearer) {
		this.bearer = bearer;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(this.bearer.headerName());
		if (header != null) {
			this.bearer.authenticate(header).ifPresent((authentication) -> {
				SecurityContext context = SecurityContextHolder.createEmptyContext();
				context.setAuthentication(authentication);
				SecurityContextHolder.setContext(context);
				// Kept for the error page too: a 404 or 500 is answered through an ERROR dispatch that
				// other filter chains guard, and they read the caller from the request, as they do for Basic.
				this.requestScoped.saveContext(context, request, response);
			});
		}
		chain.doFilter(request, response);
	}

}
