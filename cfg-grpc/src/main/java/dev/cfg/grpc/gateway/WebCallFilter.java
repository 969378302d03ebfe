package dev.cfg.grpc.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.net.URLDecoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.google.protobuf.Descriptors;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

import dev.cfg.grpc.config.WebSettings;
import dev.cfg.grpc.pipeline.Refusal;
import dev.cfg.grpc.pipeline.internal.EntryHeaders;
import dev.cfg.grpc.server.ServiceRegistry;

/**
 * The HTTP port's door to the gRPC services: takes a {@code POST /package.Service/Method} whose
 * {@code Content-Type} is gRPC-Web's or Connect's, and any request a {@code google.api.http} route
 * takes; answers the browser's CORS questions about them; reads the body (bounded by the server's
 * message limit) and hands the call to the in-process server, marked with the protocol and the
 * HTTP client's address. A body it cannot read still becomes a call, which the pipeline refuses
 * and logs. Every other request passes on untouched, as do the application's own controllers under
 * a route's first segment.
 */
final class WebCallFilter extends OncePerRequestFilter {

	/** Headers a browser's script may read from the answer. */
	static final String EXPOSED_HEADERS = "grpc-status, grpc-message, grpc-status-details-bin, x-request-id, "
			+ "connect-content-encoding, connect-accept-encoding";

	/** Headers a page may send, when the browser asks in a preflight. */
	private static final String ALLOWED_HEADERS_DEFAULT = "content-type, authorization, x-api-key, x-grpc-web, "
			+ "x-user-agent, grpc-timeout, connect-protocol-version, connect-timeout-ms, traceparent";

	private static final int MAX_METHOD_NAME = 300;

	/** The method a request that no route takes is logged as. */
	static final String NO_ROUTE = "(http)/(no route)";

	private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
		@Override
		public InputStream stream(byte[] value) {
			return new java.io.ByteArrayInputStream(value);
		}

		@Override
		public byte[] parse(InputStream stream) {
			try {
				return stream.readAllBytes();
			}
			catch (IOException ex) {
				throw Status.INTERNAL.withCause(ex).asRuntimeException();
			}
		}
	};

	private final Channel channel;

	private final ServiceRegistry registry;

	private final WebSettings web;

	private final int maxMessageBytes;

	private final Supplier<MessageJson> json;

	private final Supplier<HttpRoutes> routes;

	/** The application's annotated controllers, which keep their paths under a route's first segment. */
	private final Supplier<List<HandlerMapping>> controllers;

	private volatile Map<String, ServiceRegistry.ServedMethod> methods;

	WebCallFilter(Channel channel, ServiceRegistry registry, WebSettings web, int maxMessageBytes,
			Supplier<MessageJson> json, Supplier<HttpRoutes> routes, Supplier<List<HandlerMapping>> controllers) {
		this.channel = channel;
		this.registry = registry;
		this.web = web;
		this.maxMessageBytes = maxMessageBytes;
		this.json = json;
		this.routes = routes;
		this.controllers = controllers;
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return true;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		String method = methodName(path);
		HttpRoutes routes = this.routes.get();
		if ("OPTIONS".equals(request.getMethod()) && request.getHeader("Access-Control-Request-Method") != null
				&& (method != null || routes.claims(path))) {
			preflight(request, response);
			return;
		}
		if (method != null) {
			WebProtocol protocol = WebProtocol.of(request.getContentType());
			ServiceRegistry.ServedMethod served = methods().get(method);
			if (protocol != null && "POST".equals(request.getMethod())
					&& !(protocol.ambiguous() && served == null && request.getHeader("connect-protocol-version") == null)) {
				if (crossOriginAllowed(request, response)) {
					call(request, response, protocol, method, served);
				}
				return;
			}
		}
		HttpRoutes.Match match = routes.match(request.getMethod(), path);
		if (match != null) {
			if (crossOriginAllowed(request, response)) {
				transcoded(request, response, match);
			}
			return;
		}
		if (routes.claims(path) && !applicationHandles(request)) {
			noRoute(request, response, path);
			return;
		}
		chain.doFilter(request, response);
	}

	/** Whether one of the application's own controllers takes the request. */
	private boolean applicationHandles(HttpServletRequest request) {
		if (!ServletRequestPathUtils.hasParsedRequestPath(request)) {
			ServletRequestPathUtils.parseAndCache(request);
		}
		for (HandlerMapping mapping : this.controllers.get()) {
			try {
				if (mapping.getHandler(request) != null) {
					return true;
				}
			}
			catch (Exception ex) {
				// A mapping that cannot tell (a method not allowed, say) leaves the request to Spring MVC.
				return true;
			}
		}
		return false;
	}

	/** Sets the CORS headers of an allowed page's call; refuses a page of an origin not listed. */
	private boolean crossOriginAllowed(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String origin = request.getHeader("Origin");
		if (origin == null || sameOrigin(request, origin)) {
			return true;
		}
		if (!this.web.allows(origin)) {
			refuseOrigin(response, origin);
			return false;
		}
		allowOrigin(response, origin);
		return true;
	}

	/** The CORS headers of an answer to an allowed page, preflight or call. */
	private static void allowOrigin(HttpServletResponse response, String origin) {
		response.setHeader("Access-Control-Allow-Origin", origin);
		response.addHeader("Vary", "Origin");
		response.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
	}

	/** An HTTP/JSON request a route takes: its body, path and query become the method's request. */
	private void transcoded(HttpServletRequest request, HttpServletResponse response, HttpRoutes.Match match)
			throws IOException {
		HttpRoutes.Route route = match.route();
		ServiceRegistry.ServedMethod served = route.method();
		Metadata headers = entryHeaders(request, WebProtocol.HTTP_JSON);
		byte[] message = readOrRefuse(headers, () -> {
			String body = route.body().isEmpty() ? ""
					: new String(body(request, this.maxMessageBytes), StandardCharsets.UTF_8);
			return this.json.get()
				.transcode(served.proto().getInputType(), route, match.variables(), query(request), body);
		});
		hand(request, response, WebProtocol.HTTP_JSON, served.fullName(), headers, message,
				served.proto().getOutputType(), streams(served), route.responseBody());
	}

	/** The query's parameters by name, each with its values in order; names and values decoded. */
	private static Map<String, String[]> query(HttpServletRequest request) {
		Map<String, List<String>> values = new LinkedHashMap<>();
		String query = request.getQueryString();
		if (query != null && !query.isEmpty()) {
			for (String pair : query.split("&")) {
				if (pair.isEmpty()) {
					continue;
				}
				int equals = pair.indexOf('=');
				String name = decode((equals < 0) ? pair : pair.substring(0, equals));
				String value = (equals < 0) ? "" : decode(pair.substring(equals + 1));
				values.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
			}
		}
		Map<String, String[]> parameters = new LinkedHashMap<>();
		values.forEach((name, list) -> parameters.put(name, list.toArray(String[]::new)));
		return parameters;
	}

	private static String decode(String text) {
		try {
			return URLDecoder.decode(text, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw new Frames.UnreadableBody("the query is not URL-encoded");
		}
	}

	/**
	 * A path under a route's first segment that no route takes (or not with this HTTP method): a call
	 * to no method, which the pipeline refuses with NOT_FOUND and logs, like any other refusal.
	 */
	private void noRoute(HttpServletRequest request, HttpServletResponse response, String path) {
		Metadata headers = entryHeaders(request, WebProtocol.HTTP_JSON);
		String shown = path.replaceAll("[^\\x20-\\x7E]", "?");
		EntryHeaders.refuse(headers, Refusal.ROUTE_NOT_FOUND.status(request.getMethod().replaceAll("[^A-Za-z]", "?"),
				(shown.length() <= 200) ? shown : shown.substring(0, 200)));
		hand(request, response, WebProtocol.HTTP_JSON, NO_ROUTE, headers, null, null, false, "");
	}

	private void call(HttpServletRequest request, HttpServletResponse response, WebProtocol protocol, String method,
			ServiceRegistry.ServedMethod served) throws IOException {
		Metadata headers = entryHeaders(request, protocol);
		byte[] message = readOrRefuse(headers, () -> message(request, protocol, served));
		Descriptors.Descriptor responseType = (served != null && served.proto() != null)
				? served.proto().getOutputType() : null;
		hand(request, response, protocol, method, headers, message, responseType, streams(served), "");
	}

	/** The call's headers: the HTTP request's, marked as coming from this entry point over the protocol. */
	private static Metadata entryHeaders(HttpServletRequest request, WebProtocol protocol) {
		Metadata headers = CallHeaders.of(request);
		EntryHeaders.write(headers, protocol.logName(), request.getRemoteAddr(),
				request.getRemoteAddr() + ":" + request.getRemotePort(), request.getHeader("User-Agent"));
		return headers;
	}

	/**
	 * The request message, or null with the refusal in the call's headers when the body cannot be
	 * read: the pipeline refuses and logs the call.
	 */
	private byte[] readOrRefuse(Metadata headers, Reading reading) throws IOException {
		try {
			return reading.read();
		}
		catch (Frames.UnreadableBody ex) {
			EntryHeaders.refuse(headers, Refusal.BODY_UNREADABLE.status(ex.getMessage()));
		}
		catch (TooLarge ex) {
			EntryHeaders.refuse(headers, Refusal.REQUEST_TOO_LARGE.status(this.maxMessageBytes));
		}
		return null;
	}

	/**
	 * Hands a call to the in-process server; the answer is written as it comes, after this thread
	 * has returned to the container.
	 */
	private void hand(HttpServletRequest request, HttpServletResponse response, WebProtocol protocol, String method,
			Metadata headers, byte[] message, Descriptors.Descriptor responseType, boolean streamed,
			String responseBody) {
		AsyncContext async = request.startAsync(request, response);
		// The call's deadline bounds it, not the container's default for asynchronous requests.
		async.setTimeout(0);
		WebCall web = new WebCall(protocol, async, response, responseType, protocol.json() ? this.json.get() : null,
				streamed, responseBody);
		async.addListener(web);
		web.start(newCall(method, CallHeaders.deadline(request), streamed), headers, message);
	}

	/** Reads a request's message. */
	@FunctionalInterface
	private interface Reading {

		byte[] read() throws IOException;

	}

	/** Whether a method may answer more than one message; one this server does not know may. */
	private static boolean streams(ServiceRegistry.ServedMethod served) {
		return served == null || served.kind() == ServiceRegistry.MethodKind.SERVER_STREAMING
				|| served.kind() == ServiceRegistry.MethodKind.BIDI_STREAMING;
	}

	/**
	 * A call on the in-process channel. A single answer is written on the thread that delivers it,
	 * saving a hand-off: one small write. A stream's messages are written on the channel's own
	 * threads, so that a slow HTTP client holds none of the server's.
	 */
	private ClientCall<byte[], byte[]> newCall(String method, Deadline deadline, boolean streamed) {
		CallOptions options = (deadline != null) ? CallOptions.DEFAULT.withDeadline(deadline) : CallOptions.DEFAULT;
		if (!streamed) {
			options = options.withExecutor(Runnable::run);
		}
		return this.channel.newCall(MethodDescriptor.<byte[], byte[]>newBuilder()
			.setType(MethodDescriptor.MethodType.UNKNOWN)
			.setFullMethodName(method)
			.setRequestMarshaller(BYTES)
			.setResponseMarshaller(BYTES)
			.build(), options);
	}

	/** The request message in gRPC's binary form, or null when the method is unknown here. */
	private byte[] message(HttpServletRequest request, WebProtocol protocol, ServiceRegistry.ServedMethod served)
			throws IOException {
		int limit = this.maxMessageBytes + (protocol.framed() ? 5 : 0);
		if (protocol == WebProtocol.GRPC_WEB_TEXT) {
			limit = (limit + 2) / 3 * 4 + 64;
		}
		byte[] body = body(request, limit);
		if (protocol == WebProtocol.GRPC_WEB_TEXT) {
			body = Frames.decodeBase64(body);
		}
		byte[] payload = protocol.framed() ? Frames.singleMessage(body) : body;
		if (!protocol.json()) {
			return payload;
		}
		if (served == null) {
			// The server answers a method it does not have; there is no type to read JSON as.
			return null;
		}
		if (served.proto() == null) {
			throw new Frames.UnreadableBody("this method's messages are not protobuf messages, so not JSON either");
		}
		return this.json.get().read(served.proto().getInputType(), new String(payload, StandardCharsets.UTF_8));
	}

	private static byte[] body(HttpServletRequest request, int limit) throws IOException {
		long declared = request.getContentLengthLong();
		if (declared > limit) {
			throw new TooLarge();
		}
		try (InputStream in = request.getInputStream()) {
			byte[] body = in.readNBytes(limit + 1);
			if (body.length > limit) {
				throw new TooLarge();
			}
			return body;
		}
	}

	private void preflight(HttpServletRequest request, HttpServletResponse response) {
		String origin = request.getHeader("Origin");
		if (origin == null || (!sameOrigin(request, origin) && !this.web.allows(origin))) {
			// No CORS headers: the browser keeps the page from calling.
			response.setStatus(403);
			return;
		}
		response.setStatus(204);
		allowOrigin(response, origin);
		// POST for gRPC-Web and Connect; the routes' own methods for HTTP/JSON.
		response.setHeader("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE");
		String asked = request.getHeader("Access-Control-Request-Headers");
		response.setHeader("Access-Control-Allow-Headers", (asked != null) ? asked : ALLOWED_HEADERS_DEFAULT);
		response.setHeader("Access-Control-Max-Age", Long.toString(this.web.corsMaxAge().toSeconds()));
	}

	private static void refuseOrigin(HttpServletResponse response, String origin) throws IOException {
		response.setStatus(403);
		response.setContentType("application/json");
		String shown = origin.replaceAll("[^\\x20-\\x7E]", "?").replace("\\", "\\\\").replace("\"", "\\\"");
		response.getWriter()
			.write("{\"code\":7,\"message\":\"Calls from pages of " + shown
					+ " are not allowed: list the origin in cfg.grpc.web.allowed-origins\"}");
	}

	private static boolean sameOrigin(HttpServletRequest request, String origin) {
		int port = request.getServerPort();
		String scheme = request.getScheme();
		boolean defaultPort = ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
		String own = scheme + "://" + request.getServerName() + (defaultPort ? "" : ":" + port);
		return own.equalsIgnoreCase(origin);
	}

	/** {@code package.Service/Method} from a path of two segments, or null. */
	private static String methodName(String path) {
		if (path.length() < 4 || path.length() > MAX_METHOD_NAME || path.charAt(0) != '/') {
			return null;
		}
		int slash = path.indexOf('/', 1);
		if (slash < 2 || slash == path.length() - 1 || path.indexOf('/', slash + 1) >= 0) {
			return null;
		}
		return path.substring(1);
	}

	private Map<String, ServiceRegistry.ServedMethod> methods() {
		Map<String, ServiceRegistry.ServedMethod> known = this.methods;
		if (known == null) {
			Map<String, ServiceRegistry.ServedMethod> byName = new HashMap<>();
			for (ServiceRegistry.ServedService service : this.registry.services()) {
				service.methods().forEach((served) -> byName.put(served.fullName(), served));
			}
			known = Map.copyOf(byName);
			this.methods = known;
		}
		return known;
	}

	/** Files of the served services' messages, for JSON's {@code Any}. */
	static List<Descriptors.FileDescriptor> files(ServiceRegistry registry) {
		return registry.services()
			.stream()
			.flatMap((service) -> service.methods().stream())
			.filter((served) -> served.proto() != null)
			.map((served) -> served.proto().getFile())
			.distinct()
			.toList();
	}

	/** A body over the limit. */
	private static final class TooLarge extends RuntimeException {

		private static final long serialVersionUID = 1L;

		TooLarge() {
			super(null, null, false, false);
		}

	}

}
