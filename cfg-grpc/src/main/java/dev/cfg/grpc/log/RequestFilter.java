package dev.cfg.grpc.log;

import java.time.Instant;

import dev.cfg.grpc.pipeline.CallOutcome;

/**
 * Which calls of the request log to read; every criterion left null matches all calls. Build one
 * with {@link #builder()}, or take {@link #ALL}.
 *
 * @param service the service, for example {@code api.users.UserService}
 * @param method the method without its service, for example {@code GetUser}
 * @param outcome how the call ended
 * @param grpcCode the status code name, for example {@code NOT_FOUND}
 * @param userId the caller's id
 * @param username the caller's name
 * @param authenticated whether the call carried a valid credential
 * @param clientIp the client's address
 * @param requestId one call's request id
 * @param protocol how the calls came: {@code grpc}, {@code grpc-web}, {@code connect} or {@code http-json}
 * @param instanceId the server instance that answered (see {@code dev.cfg.grpc.pipeline.ServerInstance})
 * @param traceId the W3C trace id: every call of one trace, across the services logging to this database
 * @param parentRequestId the calls another cfg-grpc service made while serving this request id
 * @param text found in the request id, the method, the username, the error message or the client
 * address, ignoring case; a whole request id finds that call only
 * @param from calls that started at or after this instant
 * @param to calls that started before this instant
 */
public record RequestFilter(String service, String method, CallOutcome outcome, String grpcCode, String userId,
		String username, Boolean authenticated, String clientIp, String requestId, String protocol, String instanceId, String traceId, String parentRequestId, String text,
		Instant from, Instant to) {

	/** Every call. */
	public static final RequestFilter ALL = builder().build();

	/**
	 * Blank strings count as not given.
	 */
	public RequestFilter {
		service = given(service);
		method = given(method);
		grpcCode = given(grpcCode);
		userId = given(userId);
		username = given(username);
		clientIp = given(clientIp);
		requestId = given(requestId);
		protocol = given(protocol);
		instanceId = given(instanceId);
		traceId = given(traceId);
		parentRequestId = given(parentRequestId);
		text = given(text);
	}

	/**
	 * Whether the filter asks only what the per-hour totals can answer (service, method and outcome).
	 */
	boolean countableFromTotals() {
		return this.grpcCode == null && this.userId == null && this.username == null && this.authenticated == null
				&& this.clientIp == null && this.requestId == null && this.protocol == null && this.instanceId == null && this.traceId == null
				&& this.parentRequestId == null && this.text == null && this.from == null
				&& this.to == null;
	}

	private static String given(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	/**
	 * A builder with no criteria.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/** Builds a {@link RequestFilter} criterion by criterion. */
	public static final class Builder {

		private String service;

		private String method;

		private CallOutcome outcome;

		private String grpcCode;

		private String userId;

		private String username;

		private Boolean authenticated;

		private String clientIp;

		private String requestId;

		private String protocol;

		private String instanceId;

		private String traceId;

		private String parentRequestId;

		private String text;

		private Instant from;

		private Instant to;

		private Builder() {
		}

		/** @param value the service @return this builder */
		public Builder service(String value) {
			this.service = value;
			return this;
		}

		/** @param value the method without its service @return this builder */
		public Builder method(String value) {
			this.method = value;
			return this;
		}

		/** @param value how the call ended @return this builder */
		public Builder outcome(CallOutcome value) {
			this.outcome = value;
			return this;
		}

		/** @param value the status code name @return this builder */
		public Builder grpcCode(String value) {
			this.grpcCode = value;
			return this;
		}

		/** @param value the caller's id @return this builder */
		public Builder userId(String value) {
			this.userId = value;
			return this;
		}

		/** @param value the caller's name @return this builder */
		public Builder username(String value) {
			this.username = value;
			return this;
		}

		/** @param value whether the call carried a valid credential @return this builder */
		public Builder authenticated(Boolean value) {
			this.authenticated = value;
			return this;
		}

		/** @param value the client's address @return this builder */
		public Builder clientIp(String value) {
			this.clientIp = value;
			return this;
		}

		/** @param value one call's request id @return this builder */
		public Builder requestId(String value) {
			this.requestId = value;
			return this;
		}

		/** Sets {@link RequestFilter#protocol()}; returns this builder. */
		public Builder protocol(String value) {
			this.protocol = value;
			return this;
		}

		/** @param value the id of the server instance that answered @return this builder */
		public Builder instanceId(String value) {
			this.instanceId = value;
			return this;
		}

		/** @param value a W3C trace id, 32 hex digits @return this builder */
		public Builder traceId(String value) {
			this.traceId = value;
			return this;
		}

		/** @param value the request id of the calling call @return this builder */
		public Builder parentRequestId(String value) {
			this.parentRequestId = value;
			return this;
		}

		/** @param value text to find, ignoring case @return this builder */
		public Builder text(String value) {
			this.text = value;
			return this;
		}

		/** @param value calls that started at or after this instant, or null @return this builder */
		public Builder from(Instant value) {
			this.from = value;
			return this;
		}

		/** @param value calls that started before this instant, or null @return this builder */
		public Builder to(Instant value) {
			this.to = value;
			return this;
		}

		/** @param window calls that started in this window @return this builder */
		public Builder window(TimeWindow window) {
			this.from = window.from();
			this.to = window.to();
			return this;
		}

		/**
		 * The filter.
		 * @return a filter with the criteria set so far
		 */
		public RequestFilter build() {
			return new RequestFilter(this.service, this.method, this.outcome, this.grpcCode, this.userId,
					this.username, this.authenticated, this.clientIp, this.requestId, this.protocol, this.instanceId, this.traceId, this.parentRequestId, this.text,
					this.from,
					this.to);
		}

	}

}
