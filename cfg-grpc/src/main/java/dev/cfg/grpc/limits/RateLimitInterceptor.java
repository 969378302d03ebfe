package dev.cfg.grpc.limits;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import dev.cfg.grpc.config.RateLimitSettings;
import dev.cfg.grpc.pipeline.CallContext;
import dev.cfg.grpc.pipeline.CallerIdentity;
import dev.cfg.grpc.pipeline.Refusal;
import dev.cfg.grpc.pipeline.internal.BuiltInMethods;

/**
 * The rate-limit stage, right after auth: takes one call from the caller's bucket, or refuses the
 * call with {@link Refusal#RATE_LIMITED}. The caller is its API key when it came with one, else its
 * user, else (anonymous) its client address. Health checks and reflection pass uncounted, so
 * probes and tools keep working for a caller over its limit.
 */
final class RateLimitInterceptor implements ServerInterceptor {

	/** The trailer gRPC clients with a retry policy read as how long to wait. */
	static final Metadata.Key<String> RETRY_PUSHBACK = Metadata.Key.of("grpc-retry-pushback-ms",
			Metadata.ASCII_STRING_MARSHALLER);

	/** The same, in whole seconds, as HTTP names it. */
	static final Metadata.Key<String> RETRY_AFTER = Metadata.Key.of("retry-after", Metadata.ASCII_STRING_MARSHALLER);

	private final CallerBuckets buckets;

	private final Kind user;

	private final Kind apiKey;

	private final Kind address;

	/** The methods with rates of their own, each worked out once. */
	private final Map<String, CallRate> methods;

	/**
	 * @param settings the limits
	 * @param buckets where buckets are kept
	 * @param meters where refusals are counted
	 */
	RateLimitInterceptor(RateLimitSettings settings, CallerBuckets buckets, MeterRegistry meters) {
		this.buckets = buckets;
		double burstSeconds = settings.burst().toNanos() / 1e9;
		this.user = new Kind("user", rate(settings.perUser(), burstSeconds), meters);
		this.apiKey = new Kind("api_key", rate(settings.perApiKey(), burstSeconds), meters);
		this.address = new Kind("address", rate(settings.perAddress(), burstSeconds), meters);
		Map<String, CallRate> methods = new HashMap<>();
		settings.methods().forEach((method, perSecond) -> methods.put(method, rate(perSecond, burstSeconds)));
		this.methods = Map.copyOf(methods);
	}

	/** A rate and its bucket's capacity, or null for no limit (0). */
	private static CallRate rate(int perSecond, double burstSeconds) {
		return (perSecond == 0) ? null : new CallRate(perSecond, Math.max(1, Math.round(perSecond * burstSeconds)));
	}

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		String method = call.getMethodDescriptor().getFullMethodName();
		Optional<CallContext> context = CallContext.current();
		if (context.isEmpty() || BuiltInMethods.isHealthOrReflection(method)) {
			return next.startCall(call, headers);
		}
		Optional<CallerIdentity> caller = context.get().caller();
		Kind kind;
		String id;
		if (caller.isPresent() && caller.get().apiKeyPrefix() != null) {
			kind = this.apiKey;
			id = caller.get().apiKeyPrefix();
		}
		else if (caller.isPresent()) {
			kind = this.user;
			id = caller.get().id();
		}
		else {
			kind = this.address;
			id = context.get().clientIp();
		}
		CallRate methodRate = this.methods.get(method);
		CallRate rate = (methodRate != null) ? methodRate : kind.rate();
		if (rate == null) {
			return next.startCall(call, headers);
		}
		String key = kind.name() + ':' + id + ((methodRate != null) ? '|' + method : "");
		long waitNanos = this.buckets.take(key, rate);
		if (waitNanos > 0) {
			kind.refused().increment();
			throw refusal(Duration.ofNanos(waitNanos));
		}
		return next.startCall(call, headers);
	}

	private static StatusRuntimeException refusal(Duration wait) {
		long millis = Math.max(1, wait.toMillis());
		Metadata trailers = new Metadata();
		trailers.put(RETRY_PUSHBACK, Long.toString(millis));
		trailers.put(RETRY_AFTER, Long.toString(Math.max(1, TimeUnit.MILLISECONDS.toSeconds(millis + 999))));
		RetryInfo retry = RetryInfo.newBuilder()
			.setRetryDelay(com.google.protobuf.Duration.newBuilder()
				.setSeconds(wait.getSeconds())
				.setNanos(wait.getNano()))
			.build();
		ErrorInfo info = ErrorInfo.newBuilder().setReason(Refusal.RATE_LIMITED.name()).setDomain(Refusal.DOMAIN).build();
		return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
			.setCode(Refusal.RATE_LIMITED.code().value())
			.setMessage(Refusal.RATE_LIMITED.message(millis))
			.addDetails(Any.pack(info))
			.addDetails(Any.pack(retry))
			.build(), trailers);
	}

	/** One kind of caller: its rate (null for no limit) and its count of refused calls. */
	private record Kind(String name, CallRate rate, Counter refused) {

		Kind(String name, CallRate rate, MeterRegistry meters) {
			this(name, rate, Counter.builder("cfg.grpc.rate_limit.refused")
				.description("Calls refused because their caller was over its rate")
				.tag("caller", name)
				.register(meters));
		}

	}

}
