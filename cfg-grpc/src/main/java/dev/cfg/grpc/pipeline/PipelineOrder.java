package dev.cfg.grpc.pipeline;

/**
 * The order of the global server interceptors, in one place. A lower value runs outermost: it
 * sees a call first and its final status last.
 *
 * <pre>
 * client → observe → Boot observation (0) → span ids, errors (1) → auth (2) → rate limit → validation → guards
 *        → transport limits → application interceptors → per-service interceptors → service method
 * </pre>
 *
 * Boot's own interceptors keep their orders: observation 0, exception handling 1 and
 * authentication 2. Ours are chosen around them; {@code docs/architecture.md} draws the same
 * picture.
 */
public final class PipelineOrder {

	/** Request log, metrics and console line: outermost, so rejected calls are observed too. */
	public static final int OBSERVE = -100;

	/** Spring Boot's Micrometer observation interceptor. */
	public static final int BOOT_OBSERVATION = 0;

	/**
	 * The call's trace and span ids copied into its context: just inside Boot's observation, whose
	 * span it reads. It shares its order with the exception handler; neither depends on the other.
	 */
	public static final int SPAN_IDS = 1;

	/** Spring Boot's exception handler interceptor, which maps exceptions to statuses. */
	public static final int ERRORS = 1;

	/**
	 * cfg-grpc's auth stage, in the slot of Spring Boot's authentication interceptor, which
	 * cfg-grpc does not use (it would lock health and reflection too).
	 */
	public static final int AUTH = 2;

	/**
	 * Per-caller rate limits: after authentication, which names the caller, and before anything
	 * that costs more (validation, a transaction, the service).
	 */
	public static final int RATE_LIMIT = 3;

	/**
	 * Request messages checked against their {@code buf.validate} rules: after authentication, so
	 * an anonymous caller learns nothing of the rules of a method it may not call, and before the
	 * guards, so a read-only transaction never opens for a request that is refused anyway.
	 */
	public static final int VALIDATION = 5;

	/** Checks that depend on the caller, such as required sign-in and read-only services. */
	public static final int GUARDS = 10;

	/** Response compression (the response size limit is kept by the observe stage, which closes calls). */
	public static final int TRANSPORT_LIMITS = 50;

	/** Interceptors named in {@code cfg.grpc.server.interceptors}, in their listed order. */
	public static final int APPLICATION = 100;

	private PipelineOrder() {
	}

}
