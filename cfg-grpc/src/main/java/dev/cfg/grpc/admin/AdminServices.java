package dev.cfg.grpc.admin;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServletResponse;

import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.cfg.grpc.auth.TokenIssuer;
import dev.cfg.grpc.config.CfgGrpcProperties;
import dev.cfg.grpc.log.CallStatistics;
import dev.cfg.grpc.log.RequestLog;
import dev.cfg.grpc.log.TimeWindow;
import dev.cfg.grpc.server.ServiceRegistry;
import dev.cfg.grpc.server.ServiceRegistry.ServedMethod;
import dev.cfg.grpc.server.ServiceRegistry.ServedService;
import dev.cfg.grpc.users.UserAccount;
import dev.cfg.grpc.users.UserStore;

/**
 * The served services with their methods, message types and last day's statistics; and the try-it
 * page, which calls a method over a real channel to this server's own gRPC port as the signed-in
 * user (a two-minute access token minted for them), so the call goes through authentication, the
 * guards, error mapping and the request log like any other.
 */
@Controller
@RequestMapping("${cfg.grpc.admin.path:/admin}")
final class AdminServices extends AdminPage implements DisposableBean {

	private static final int MAX_JSON = 64 * 1024;

	private static final int METADATA_ROWS = 3;

	private final ServiceRegistry registry;

	private final RequestLog log;

	private final TokenIssuer tokens;

	private final UserStore users;

	private final Metadata.Key<String> tokenHeader;

	private final String tokenPrefix;

	private final Set<String> secretKeys;

	private final String configuredHost;

	private final Clock clock;

	private volatile ManagedChannel channel;

	private volatile int port = -1;

	AdminServices(ServiceRegistry registry, RequestLog log, TokenIssuer tokens, UserStore users,
			CfgGrpcProperties properties, Environment environment, Clock clock) {
		this.registry = registry;
		this.log = log;
		this.tokens = tokens;
		this.users = users;
		CfgGrpcProperties.Auth auth = properties.auth();
		this.tokenHeader = Metadata.Key.of(auth.tokenHeader(), Metadata.ASCII_STRING_MARSHALLER);
		this.tokenPrefix = auth.tokenPrefix();
		Set<String> secret = new HashSet<>(AdminText.SECRET_KEYS);
		secret.add(auth.tokenHeader().toLowerCase(Locale.ROOT));
		secret.add(auth.apiKeyHeader().toLowerCase(Locale.ROOT));
		this.secretKeys = Set.copyOf(secret);
		this.configuredHost = properties.server().host();
		this.clock = clock;
	}

	@EventListener
	void serverStarted(GrpcServerStartedEvent event) {
		this.port = event.getPort();
	}

	@GetMapping("/services")
	String services(Model model) {
		Map<String, CallStatistics> stats = new HashMap<>();
		for (CallStatistics method : this.log.methods(TimeWindow.last(Duration.ofHours(24), this.clock.instant()), null)) {
			stats.put(method.service() + "/" + method.method(), method);
		}
		model.addAttribute("services", this.registry.services());
		model.addAttribute("stats", stats);
		return page(model, "services", "Services");
	}

	@GetMapping("/services/{service}/{method}")
	String tryIt(@PathVariable String service, @PathVariable String method, Model model, HttpServletResponse response) {
		ServedMethod served = method(service, method);
		if (served == null) {
			return notServed(model, response);
		}
		model.addAttribute("json", (served.proto() != null) ? TryItCall.template(served.proto()) : "{}");
		model.addAttribute("metadata", emptyRows());
		return tryItPage(model, service, served);
	}

	@PostMapping("/services/{service}/{method}")
	String send(@PathVariable String service, @PathVariable String method, @RequestParam(defaultValue = "") String json,
			@RequestParam(name = "key", required = false) List<String> keys,
			@RequestParam(name = "value", required = false) List<String> values, Authentication signedIn, Model model,
			HttpServletResponse response) throws InterruptedException {
		ServedMethod served = method(service, method);
		if (served == null) {
			return notServed(model, response);
		}
		List<String[]> rows = rows(keys, values);
		model.addAttribute("json", json);
		model.addAttribute("metadata", rows);
		if (served.proto() == null) {
			return tryItProblem(model, service, served, response, "This method has no protobuf description to build a request from.");
		}
		if (json.length() > MAX_JSON) {
			return tryItProblem(model, service, served, response, "The request is longer than " + MAX_JSON + " characters.");
		}
		Metadata headers = new Metadata();
		for (String[] row : rows) {
			String key = row[0].strip().toLowerCase(Locale.ROOT);
			if (key.isEmpty()) {
				continue;
			}
			if (!key.matches("[a-z0-9_.-]{1,64}") || key.endsWith(Metadata.BINARY_HEADER_SUFFIX) || key.startsWith("grpc-")
					|| key.startsWith(":")) {
				return tryItProblem(model, service, served, response, "Metadata key '" + key
						+ "' cannot be sent: use lowercase letters, digits, '-', '_' or '.', not a grpc- or -bin key.");
			}
			if (this.secretKeys.contains(key)) {
				return tryItProblem(model, service, served, response, "Metadata key '" + key
						+ "' cannot be set here: calls from this page are made as you, the signed-in user.");
			}
			headers.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), row[1]);
		}
		DynamicMessage request;
		try {
			request = TryItCall.request(served.proto(), json);
		}
		catch (InvalidProtocolBufferException | RuntimeException ex) {
			return tryItProblem(model, service, served, response, "The request is not a valid "
					+ served.requestType() + " in JSON: " + ex.getMessage());
		}
		String token = token(signedIn.getName());
		if (token != null) {
			headers.put(this.tokenHeader, this.tokenPrefix.isEmpty() ? token : this.tokenPrefix + " " + token);
		}
		else {
			model.addAttribute("anonymous", true);
		}
		ManagedChannel channel = channel();
		if (channel == null) {
			return tryItProblem(model, service, served, response, "The gRPC server is not running.");
		}
		TryItCall.Result result = TryItCall.call(channel, served.fullName(), served.proto(), methodType(served), request,
				headers);
		model.addAttribute("result", result);
		model.addAttribute("requestId", result.trailers().getOrDefault("x-request-id", result.headers().get("x-request-id")));
		return tryItPage(model, service, served);
	}

	@Override
	public void destroy() {
		ManagedChannel open = this.channel;
		if (open != null) {
			open.shutdownNow();
			try {
				open.awaitTermination(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** A two-minute access token for the signed-in user, or null when none can be minted here. */
	private String token(String username) {
		if (this.users == null) {
			return null;
		}
		try {
			return this.users.findByUsername(username)
				.map(UserAccount::getId)
				.map((id) -> this.tokens.accessToken(String.valueOf(id), Duration.ofMinutes(2)))
				.orElse(null);
		}
		catch (IllegalStateException ex) {
			// Tokens come from an outside issuer (cfg.grpc.auth.jwt-public-key or a JWK set).
			return null;
		}
	}

	private ManagedChannel channel() {
		ManagedChannel open = this.channel;
		if (open == null && this.port > 0) {
			synchronized (this) {
				open = this.channel;
				if (open == null) {
					open = ManagedChannelBuilder.forAddress(loopbackOr(this.configuredHost), this.port)
						.usePlaintext()
						.userAgent("cfg-grpc-admin")
						.build();
					this.channel = open;
				}
			}
		}
		return open;
	}

	/** The address to reach this server at: loopback when it listens on every interface. */
	static String loopbackOr(String host) {
		if (CfgGrpcProperties.Server.isWildcardHost(host)) {
			return "127.0.0.1";
		}
		return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
	}

	private static MethodDescriptor.MethodType methodType(ServedMethod method) {
		return switch (method.kind()) {
			case UNARY -> MethodDescriptor.MethodType.UNARY;
			case SERVER_STREAMING -> MethodDescriptor.MethodType.SERVER_STREAMING;
			case CLIENT_STREAMING -> MethodDescriptor.MethodType.CLIENT_STREAMING;
			case BIDI_STREAMING -> MethodDescriptor.MethodType.BIDI_STREAMING;
			default -> MethodDescriptor.MethodType.UNKNOWN;
		};
	}

	private ServedMethod method(String service, String method) {
		ServedService served = this.registry.service(service);
		if (served == null) {
			return null;
		}
		return served.methods().stream().filter((m) -> m.name().equals(method)).findFirst().orElse(null);
	}

	private String tryItPage(Model model, String service, ServedMethod method) {
		model.addAttribute("service", service);
		model.addAttribute("method", method);
		return page(model, "try-it", method.fullName());
	}

	private String tryItProblem(Model model, String service, ServedMethod method, HttpServletResponse response,
			String problem) {
		response.setStatus(400);
		model.addAttribute("problem", problem);
		return tryItPage(model, service, method);
	}

	private static String notServed(Model model, HttpServletResponse response) {
		response.setStatus(404);
		return problem(model, "No such method", "This server serves no such service or method; see Services.");
	}

	private static List<String[]> emptyRows() {
		List<String[]> rows = new ArrayList<>();
		for (int i = 0; i < METADATA_ROWS; i++) {
			rows.add(new String[] { "", "" });
		}
		return rows;
	}

	private static List<String[]> rows(List<String> keys, List<String> values) {
		List<String[]> rows = new ArrayList<>();
		int count = Math.min(METADATA_ROWS, (keys != null) ? keys.size() : 0);
		for (int i = 0; i < count; i++) {
			String value = (values != null && i < values.size()) ? values.get(i) : "";
			rows.add(new String[] { keys.get(i), (value.length() > 1024) ? value.substring(0, 1024) : value });
		}
		while (rows.size() < METADATA_ROWS) {
			rows.add(new String[] { "", "" });
		}
		return rows;
	}

}
