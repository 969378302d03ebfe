package dev.cfg.grpc.log;

import java.time.Instant;

import dev.cfg.grpc.pipeline.CallOutcome;

/**
 * One finished gRPC call, as the request log stores it and {@link RequestLog} reads it back. Build
 * one with {@link #builder()}, which names every field.
 *
 * @param requestId UUID of the call, also sent to the client in the {@code x-request-id} trailer
 * @param serviceName for example {@code api.users.UserService}
 * @param methodName for example {@code GetUser}
 * @param fullMethod {@code api.users.UserService/GetUser}
 * @param methodType {@code UNARY}, {@code SERVER_STREAMING}, {@code CLIENT_STREAMING}, {@code BIDI_STREAMING} or {@code UNKNOWN}
 * @param requestSize bytes of all request messages
 * @param responseSize bytes of all response messages
 * @param requestCount request messages received
 * @param responseCount response messages sent
 * @param requestData first request message as JSON, when body logging is on, else null
 * @param responseData first response message as JSON, when body logging is on, else null
 * @param outcome how the call ended, stored as the {@code status} column
 * @param grpcStatusCode the status code name, for example {@code NOT_FOUND}
 * @param errorMessage the status description, or null
 * @param errorDetails details kept for operators (never sent to the client), or null
 * @param durationMs milliseconds from the start of the call to its end
 * @param userId the caller's id, or null
 * @param username the caller's name, or null
 * @param authenticated whether the call carried a valid credential
 * @param apiKeyPrefix the prefix of the API key used, or null
 * @param clientIp the client's address, from the transport
 * @param userAgent the {@code user-agent} header
 * @param peer the client's address and port
 * @param protocol how the call reached the server: {@code grpc}, {@code grpc-web}, {@code connect} or
 * {@code http-json}
 * @param instanceId the id of the server instance that answered
 * @param traceId the W3C trace id (32 hex digits) of the trace the call belongs to, or null without tracing
 * @param spanId the id (16 hex digits) of the call's server span, or null without tracing
 * @param parentRequestId the request id of the call being served by the cfg-grpc client that made this
 * call (its {@code x-parent-request-id} header), or null
 * @param createdAt when the call started
 * @param completedAt when it ended
 */
public record RequestLogRecord(String requestId, String serviceName, String methodName, String fullMethod, String methodType, long requestSize, long responseSize, int requestCount, int responseCount, String requestData, String responseData, CallOutcome outcome, String grpcStatusCode, String errorMessage, String errorDetails, int durationMs, String userId, String username, boolean authenticated, String apiKeyPrefix, String clientIp, String userAgent, String peer, String protocol, String instanceId, String traceId, String spanId, String parentRequestId, Instant createdAt, Instant completedAt) {

	/**
	 * Whether the call ended in an error of any kind.
	 * @return false for {@link CallOutcome#SUCCESS}
	 */
	public boolean failed() {
		return this.outcome != CallOutcome.SUCCESS;
	}

	/**
	 * A builder with every field empty (null, zero or false).
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/** Builds a {@link RequestLogRecord} field by field; fields not set stay null, zero or false. */
	public static final class Builder {

		private String requestId;

		private String serviceName;

		private String methodName;

		private String fullMethod;

		private String methodType;

		private long requestSize;

		private long responseSize;

		private int requestCount;

		private int responseCount;

		private String requestData;

		private String responseData;

		private CallOutcome outcome;

		private String grpcStatusCode;

		private String errorMessage;

		private String errorDetails;

		private int durationMs;

		private String userId;

		private String username;

		private boolean authenticated;

		private String apiKeyPrefix;

		private String clientIp;

		private String userAgent;

		private String peer;

		/** A record built without saying otherwise is of a gRPC call, as the column's default says. */
		private String protocol = "grpc";

		private String instanceId;

		private String traceId;

		private String spanId;

		private String parentRequestId;

		private Instant createdAt;

		private Instant completedAt;

		private Builder() {
		}

		/** Sets {@link RequestLogRecord#requestId()}; returns this builder. */
		public Builder requestId(String value) {
			this.requestId = value;
			return this;
		}

		/** Sets {@link RequestLogRecord#serviceName()}; returns this builder. */
		public Builder serviceName(String value) {
			this.serviceName = value;
			return this;
		}

		/** Sets {@link RequestLogRecord#methodName()}; returns this builder. */
		public Builder methodName(String value) {
			this.methodName = value;
			return this;
		}

		/** Sets {@link RequestLogRecord#fullMethod()}; returns this builder. */
		public Builder fullMethod(String value) {
			this.fullMethod = value;
			return this;
		}

		/** Sets {@link RequestLogRecord#methodType()}; returns this builder. */
		public Builder methodType(String value) {
			this.methodType = value;
			return this;
		}

		/** Sets {@link RequestLogRecord#requestSize()}; returns this builder. */
		public Builder requestSize(long value) {
			this.requestSize = value;
			return this;
		}

		/** Sets {@link RequestLogRecord#responseSize()}; returns this builder. */
		public Builder responseSize(long value) {
			this.responseSize = value;
			return this;
		}

		/** Sets {@link RequestLogRecord#requestCount()}; returns this builder. */
		public Builder requestCount(int value) {
			this.requestCount = value;
			return this;
		}

		/** Sets {@link RequestLogRecord#responseCount()}; returns this builder. */
		public Builder responseCount(int value) {
			this.responseCount = value;
			return this;
		}

		/** Sets {@link RequestLogRecord#requestData()}; returns this builder. */
		public Builder requestData(String value) {
			this.requestData = value;
			return this;
		}

		/** Sets {@link RequestLogRecord#responseData()}; returns this builder. */
		public Builder responseData(String value) {
			this.responseData = value;
			return this;
		}

		/** Sets {@link RequestLogRecord#outcome()}; returns this builder. */
		public Builder outcome(CallOutcome value) {
			this.outcome = value;
			return this;
		}

		/** Sets {@link RequestLogRecord#grpcStatusCode()}; returns this builder. */
		public Builder grpcStatusCode(String value) {
			this.grpcStatusCode = value;
			return this;
		}

		/** Sets {@link RequestLogRecord#errorMessage()}; returns this builder. */
		public Builder errorMessage(String value) {
			this.errorMessage = value;
			return this;
		}

		/** Sets {@link RequestLogRecord#errorDetails()}; returns this builder. */
		public Builder errorDetails(String value) {
			this.errorDetails = value;
			return this;
		}

		/** Sets {@link RequestLogRecord#durationMs()}; returns this builder. */
		public Builder durationMs(int value) {
			this.durationMs = value;
			return this;
		}

		/** Sets {@link RequestLogRecord#userId()}; returns this builder. */
		public Builder userId(String value) {
			this.userId = value;
			return this;
		}

		/** Sets {@link RequestLogRecord#username()}; returns this builder. */
		public Builder username(String value) {
			this.username = value;
			return this;
		}

		/** Sets {@link RequestLogRecord#authenticated()}; returns this builder. */
		public Builder authenticated(boolean value) {
			this.authenticated = value;
			return this;
		}

		/** Sets {@link RequestLogRecord#apiKeyPrefix()}; returns this builder. */
		public Builder apiKeyPrefix(String value) {
			this.apiKeyPrefix = value;
			return this;
		}

		/** Sets {@link RequestLogRecord#clientIp()}; returns this builder. */
		public Builder clientIp(String value) {
			this.clientIp = value;
			return this;
		}

		/** Sets {@link RequestLogRecord#userAgent()}; returns this builder. */
		public Builder userAgent(String value) {
			this.userAgent = value;
			return this;
		}

		/** Sets {@link RequestLogRecord#peer()}; returns this builder. */
		public Builder peer(String value) {
			this.peer = value;
			return this;
		}

		/** Sets {@link RequestLogRecord#protocol()}; returns this builder. */
		public Builder protocol(String value) {
			this.protocol = value;
			return this;
		}

		/** Sets {@link RequestLogRecord#instanceId()}; returns this builder. */
		public Builder instanceId(String value) {
			this.instanceId = value;
			return this;
		}

		/** Sets {@link RequestLogRecord#traceId()}; returns this builder. */
		public Builder traceId(String value) {
			this.traceId = value;
			return this;
		}

		/** Sets {@link RequestLogRecord#spanId()}; returns this builder. */
		public Builder spanId(String value) {
			this.spanId = value;
			return this;
		}

		/** Sets {@link RequestLogRecord#parentRequestId()}; returns this builder. */
		public Builder parentRequestId(String value) {
			this.parentRequestId = value;
			return this;
		}

		/** Sets {@link RequestLogRecord#createdAt()}; returns this builder. */
		public Builder createdAt(Instant value) {
			this.createdAt = value;
			return this;
		}

		/** Sets {@link RequestLogRecord#completedAt()}; returns this builder. */
		public Builder completedAt(Instant value) {
			this.completedAt = value;
			return this;
		}

		/**
		 * The record.
		 * @return a record with the fields set so far
		 */
		public RequestLogRecord build() {
			return new RequestLogRecord(this.requestId, this.serviceName, this.methodName, this.fullMethod, this.methodType, this.requestSize, this.responseSize, this.requestCount, this.responseCount, this.requestData, this.responseData, this.outcome, this.grpcStatusCode, this.errorMessage, this.errorDetails, this.durationMs, this.userId, this.username, this.authenticated, this.apiKeyPrefix, this.clientIp, this.userAgent, this.peer, this.protocol, this.instanceId, this.traceId, this.spanId, this.parentRequestId, this.createdAt, this.completedAt);
		}

	}

}
