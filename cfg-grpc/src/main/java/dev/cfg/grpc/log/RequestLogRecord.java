package dev.cfg.grpc.log;

import java.time.Instant;

/**
 * One finished gRPC call, as the request log stores it.
 *
 * @param requestId UUID of the call, also sent to the client in the {@code x-request-id} trailer
 * @param serviceName for example {@code api.users.UserService}
 * @param methodName for example {@code GetUser}
 * @param fullMethod {@code api.users.UserService/GetUser}
 * @param methodType {@code UNARY}, {@code SERVER_STREAMING}, {@code CLIENT_STREAMING} or {@code BIDI_STREAMING}
 * @param requestSize bytes of all request messages
 * @param responseSize bytes of all response messages
 * @param requestCount request messages received
 * @param responseCount response messages sent
 * @param requestData first request message as JSON, when body logging is on, else null
 * @param responseData first response message as JSON, when body logging is on, else null
 * @param status {@code success}, {@code error}, {@code cancelled} or {@code timeout}
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
 * @param createdAt when the call started
 * @param completedAt when it ended
 */
public record RequestLogRecord(String requestId, String serviceName, String methodName, String fullMethod,
		String methodType, long requestSize, long responseSize, int requestCount, int responseCount,
		String requestData, String responseData, String status, String grpcStatusCode, String errorMessage,
		String errorDetails, int durationMs, String userId, String username, boolean authenticated,
		String apiKeyPrefix, String clientIp, String userAgent, String peer, Instant createdAt, Instant completedAt) {

	/**
	 * Whether the call ended in an error of any kind.
	 * @return false for {@code success}
	 */
	public boolean failed() {
		return !"success".equals(this.status);
	}

}
