package dev.cfg.grpc.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds the bodies cfg-grpc's HTTP endpoints read, before anyone has signed in: a body declared
 * larger than {@value #MAX_BYTES} bytes is answered 413 unread, and one that turns out larger
 * (sent in chunks) stops being read at that size, so the request fails as unreadable.
 */
final class RequestBodyLimit extends OncePerRequestFilter {

	static final int MAX_BYTES = 64 * 1024;

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > MAX_BYTES) {
			response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
			response.setContentType("application/json");
			response.getWriter().write("{\"error\":\"The request body may have at most " + MAX_BYTES + " bytes\"}");
			return;
		}
		chain.doFilter(new HttpServletRequestWrapper(request) {
			@Override
			public ServletInputStream getInputStream() throws IOException {
				return new Bounded(super.getInputStream());
			}
		}, response);
	}

	/** Reads at most {@link #MAX_BYTES} bytes, then fails. */
	private static final class Bounded extends ServletInputStream {

		private final ServletInputStream body;

		private long read;

		Bounded(ServletInputStream body) {
			this.body = body;
		}

		@Override
		public int read() throws IOException {
			int next = this.body.read();
			if (next >= 0) {
				count(1);
			}
			return next;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int count = this.body.read(buffer, offset, length);
			if (count > 0) {
				count(count);
			}
			return count;
		}

		private void count(int bytes) throws IOException {
			this.read += bytes;
			if (this.read > MAX_BYTES) {
				throw new IOException("Request body over " + MAX_BYTES + " bytes");
			}
		}

		@Override
		public boolean isFinished() {
			return this.body.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.body.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.body.setReadListener(listener);
		}

	}

}
