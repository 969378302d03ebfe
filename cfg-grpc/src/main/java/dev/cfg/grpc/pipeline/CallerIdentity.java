package dev.cfg.grpc.pipeline;

/**
 * Who made a call, as far as the outer stages of the pipeline (request log, metrics, console line)
 * need to know. The auth stage fills a {@code dev.cfg.grpc.auth.CallPrincipal}, which also carries
 * the caller's flags and permissions; service code reads that through
 * {@code dev.cfg.grpc.auth.CurrentCaller}.
 */
public interface CallerIdentity {

	/**
	 * The user's id.
	 * @return the id, as the token's user claim carries it
	 */
	String id();

	/**
	 * The user's name.
	 * @return the username
	 */
	String username();

	/**
	 * The prefix of the API key the call came with.
	 * @return the prefix, or null when the call came with a token
	 */
	String apiKeyPrefix();

}
