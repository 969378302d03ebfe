package dev.cfg.grpc.config;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Calls per second allowed to each caller: a signed-in user, an API key, or (for anonymous calls)
 * a client address. A caller over its limit is refused with RESOURCE_EXHAUSTED and told when to
 * retry; other callers are not slowed. Health checks and reflection are never limited.
 *
 * @param enabled whether calls are counted and limited; off by default
 * @param perUser calls a second for each signed-in user (by token); 0 means no limit
 * @param perApiKey calls a second for each API key; 0 means no limit
 * @param perAddress calls a second for each client address of anonymous calls (the address after
 * the trusted-proxy rules); 0 means no limit
 * @param burst how many seconds' worth of calls a caller may make at once after a quiet time:
 * a bucket holds rate × burst calls and refills at the rate
 * @param methods per-method rates that replace the caller's own for that method, keyed by full
 * method name (`cfg.grpc.rate-limit.methods[api.orders.OrderService/PlaceOrder]=5`): each caller
 * has a bucket of its own for each such method
 * @param maxCallers callers remembered at once; past it the least recently seen are forgotten,
 * so a flood of addresses cannot grow memory without bound
 * @param forgetAfter how long a caller without calls is remembered
 */
public record RateLimitSettings(@DefaultValue("false") boolean enabled, @DefaultValue("100") int perUser,
		@DefaultValue("100") int perApiKey, @DefaultValue("20") int perAddress, @DefaultValue("1s") Duration burst,
		@DefaultValue Map<String, Integer> methods, @DefaultValue("100000") int maxCallers,
		@DefaultValue("10m") Duration forgetAfter) {

	private static final String PREFIX = "cfg.grpc.rate-limit.";

	private static final int MAX_RATE = 1_000_000;

	public RateLimitSettings {
		Allowed.intRange(PREFIX + "per-user", perUser, 0, MAX_RATE);
		Allowed.intRange(PREFIX + "per-api-key", perApiKey, 0, MAX_RATE);
		Allowed.intRange(PREFIX + "per-address", perAddress, 0, MAX_RATE);
		Allowed.durationRange(PREFIX + "burst", burst, Duration.ofMillis(100), Duration.ofHours(1));
		methods = Map.copyOf(methods);
		methods.forEach((method, rate) -> {
			if (method.indexOf('/') <= 0 || method.endsWith("/")) {
				throw CfgGrpcConfigException.invalidValue(PREFIX + "methods", method,
						"full method names such as api.orders.OrderService/PlaceOrder as keys");
			}
			Allowed.intRange(PREFIX + "methods[" + method + "]", rate, 1, MAX_RATE);
		});
		Allowed.intRange(PREFIX + "max-callers", maxCallers, 100, 10_000_000);
		Allowed.durationRange(PREFIX + "forget-after", forgetAfter, Duration.ofSeconds(1), Duration.ofDays(1));
	}

}
