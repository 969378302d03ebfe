package dev.cfg.grpc.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gRPC services on the HTTP port, for browsers and HTTP tools: gRPC-Web (binary and text),
 * the Connect protocol and HTTP/JSON routes from {@code google.api.http} annotations. Each call
 * goes to the same server through an in-process channel, so it passes the same pipeline (auth,
 * guards, validation, errors, request log, metrics, tracing) as a call on the gRPC port.
 *
 * @param enabled whether the HTTP port serves gRPC-Web, Connect and the annotated HTTP/JSON routes;
 * on by default in a servlet web application: the same authentication applies as on the gRPC port
 * @param allowedOrigins origins of other sites whose pages may call the services from a browser
 * (CORS), such as `https://app.example.com`, or `*` for any; empty (the default) allows only
 * pages served from this server's own origin
 * @param corsMaxAge how long a browser may keep a preflight's answer
 */
public record WebSettings(@DefaultValue("true") boolean enabled, @DefaultValue List<String> allowedOrigins,
		@DefaultValue("1h") Duration corsMaxAge) {

	private static final String PREFIX = "cfg.grpc.web.";

	public WebSettings {
		allowedOrigins = List.copyOf(allowedOrigins);
		for (String origin : allowedOrigins) {
			if (!origin.equals("*") && !isOrigin(origin)) {
				throw CfgGrpcConfigException.invalidValue(PREFIX + "allowed-origins", origin,
						"origins such as https://app.example.com (scheme, host and port only, no path), or *");
			}
		}
		Allowed.durationRange(PREFIX + "cors-max-age", corsMaxAge, Duration.ZERO, Duration.ofDays(1));
	}

	private static boolean isOrigin(String text) {
		try {
			URI uri = URI.create(text);
			return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
					&& (uri.getRawPath() == null || uri.getRawPath().isEmpty()) && uri.getRawQuery() == null
					&& uri.getRawFragment() == null && uri.getRawUserInfo() == null;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/**
	 * Whether a page from an origin may call.
	 * @param origin the {@code Origin} header of a cross-origin request
	 * @return true when the origin is listed, or any origin is
	 */
	public boolean allows(String origin) {
		return this.allowedOrigins.contains("*") || this.allowedOrigins.contains(origin);
	}

}
