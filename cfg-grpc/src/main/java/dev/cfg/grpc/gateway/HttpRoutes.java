package dev.cfg.grpc.gateway;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;

import dev.cfg.grpc.server.ServiceRegistry;

/**
 * The HTTP/JSON routes of the served methods, read from their {@code google.api.http} options
 * (each rule and its {@code additional_bindings}), in the order the services and methods are
 * served: the first route that matches a request takes it.
 */
final class HttpRoutes {

	/** No routes. */
	static final HttpRoutes NONE = new HttpRoutes(List.of());

	private final List<Route> routes;

	/** First literal segments of the routes: a path under one of them that no route takes is a 404 of ours. */
	private final Set<String> prefixes;

	private HttpRoutes(List<Route> routes) {
		this.routes = List.copyOf(routes);
		Set<String> prefixes = new HashSet<>();
		routes.forEach((route) -> {
			String first = route.path().firstLiteral();
			if (first != null) {
				prefixes.add(first);
			}
		});
		this.prefixes = Set.copyOf(prefixes);
	}

	/**
	 * The routes of a registry's methods.
	 * @param registry the served services
	 * @return the routes
	 * @throws IllegalStateException naming the method, for a rule that cannot be served
	 */
	static HttpRoutes of(ServiceRegistry registry) {
		List<Route> routes = new ArrayList<>();
		for (ServiceRegistry.ServedService service : registry.services()) {
			for (ServiceRegistry.ServedMethod method : service.methods()) {
				if (method.proto() == null || !method.proto().getOptions().hasExtension(AnnotationsProto.http)) {
					continue;
				}
				HttpRule rule = method.proto().getOptions().getExtension(AnnotationsProto.http);
				add(routes, rule, method);
				for (HttpRule more : rule.getAdditionalBindingsList()) {
					add(routes, more, method);
				}
			}
		}
		return new HttpRoutes(routes);
	}

	private static void add(List<Route> routes, HttpRule rule, ServiceRegistry.ServedMethod method) {
		String verb;
		String path;
		switch (rule.getPatternCase()) {
			case GET -> {
				verb = "GET";
				path = rule.getGet();
			}
			case PUT -> {
				verb = "PUT";
				path = rule.getPut();
			}
			case POST -> {
				verb = "POST";
				path = rule.getPost();
			}
			case DELETE -> {
				verb = "DELETE";
				path = rule.getDelete();
			}
			case PATCH -> {
				verb = "PATCH";
				path = rule.getPatch();
			}
			case CUSTOM -> {
				verb = rule.getCustom().getKind();
				path = rule.getCustom().getPath();
			}
			default -> {
				return;
			}
		}
		try {
			routes.add(new Route(verb, PathTemplate.parse(path), rule.getBody(), rule.getResponseBody(), method));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("The google.api.http rule of " + method.fullName() + " cannot be served: "
					+ ex.getMessage(), ex);
		}
	}

	/**
	 * The route that takes a request.
	 * @param httpMethod the request's method
	 * @param path the request's path, still percent-encoded
	 * @return the route with the path's variables, or null
	 */
	Match match(String httpMethod, String path) {
		for (Route route : this.routes) {
			if (route.httpMethod().equals(httpMethod)) {
				Map<String, String> variables = route.path().match(path);
				if (variables != null) {
					return new Match(route, variables);
				}
			}
		}
		return null;
	}

	/**
	 * Whether a path lies under a route's first literal segment, such as {@code /v1/}.
	 * @param path the request's path
	 * @return true when some route starts as the path does
	 */
	boolean claims(String path) {
		int end = path.indexOf('/', 1);
		return this.prefixes.contains((end < 0) ? path.substring(1) : path.substring(1, end));
	}

	/** Every route, in matching order. */
	List<Route> all() {
		return this.routes;
	}

	/**
	 * One HTTP binding of a method.
	 * @param httpMethod {@code GET}, {@code POST}, ... or a custom method's name
	 * @param path the path template
	 * @param body {@code *} (the whole request), a field's name, or empty (no body)
	 * @param responseBody a field of the response to answer with, or empty for the whole response
	 * @param method the method it calls
	 */
	record Route(String httpMethod, PathTemplate path, String body, String responseBody,
			ServiceRegistry.ServedMethod method) {
	}

	/**
	 * A request a route takes.
	 * @param route the route
	 * @param variables the path's variables by field path
	 */
	record Match(Route route, Map<String, String> variables) {
	}

}
