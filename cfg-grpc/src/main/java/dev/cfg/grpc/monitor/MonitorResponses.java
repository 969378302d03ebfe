package dev.cfg.grpc.monitor;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.swagger.v3.oas.annotations.media.Schema;

import dev.cfg.grpc.fleet.InstanceRecord;
import dev.cfg.grpc.log.CallStatistics;

/**
 * The monitoring API's answers. Field names are snake_case, as the original's; the annotations
 * name them for Jackson and describe them in the OpenAPI document (both ignore what is absent).
 */
final class MonitorResponses {

	private MonitorResponses() {
	}

	@Schema(description = "The server and the calls in flight on this instance")
	record Health(@Schema(example = "healthy") String status,
			@JsonProperty("server_host") @Schema(example = "[::]") String serverHost,
			@JsonProperty("server_port") @Schema(example = "50051") int serverPort, boolean enabled,
			@JsonProperty("active_calls") int activeCalls,
			@Schema(format = "date-time") String timestamp) {
	}

	@Schema(description = "All calls in the window")
	record Overview(long total, long successful, long errors, long cancelled, long timeout,
			@JsonProperty("success_rate") @Schema(description = "Percent of calls that succeeded") double successRate,
			@JsonProperty("avg_duration_ms") double avgDurationMs,
			@JsonProperty("p50_duration_ms") @Schema(nullable = true) Double p50DurationMs,
			@JsonProperty("p95_duration_ms") @Schema(nullable = true) Double p95DurationMs,
			@JsonProperty("p99_duration_ms") @Schema(nullable = true) Double p99DurationMs,
			@JsonProperty("period_hours") int periodHours) {
	}

	@Schema(description = "One call of the request log")
	record Request(@JsonProperty("request_id") String requestId, @JsonProperty("service_name") String serviceName,
			@JsonProperty("method_name") String methodName, @JsonProperty("full_method") String fullMethod,
			@Schema(allowableValues = { "success", "error", "cancelled", "timeout" }) String status,
			@JsonProperty("grpc_status_code") @Schema(example = "NOT_FOUND") String grpcStatusCode,
			@JsonProperty("is_authenticated") boolean authenticated, @JsonProperty("duration_ms") int durationMs,
			@JsonProperty("created_at") @Schema(format = "date-time") String createdAt,
			@JsonProperty("completed_at") @Schema(format = "date-time") String completedAt,
			@JsonProperty("error_message") @Schema(nullable = true) String errorMessage,
			@JsonProperty("user__username") @Schema(nullable = true) String username,
			@JsonProperty("client_ip") String clientIp, @JsonProperty("request_size") long requestSize,
			@JsonProperty("response_size") long responseSize) {
	}

	@Schema(description = "A page of calls, newest first")
	record RequestPage(List<Request> requests, int count, @JsonProperty("total_available") long totalAvailable,
			int offset, @JsonProperty("has_more") boolean hasMore) {
	}

	@Schema(description = "The calls of one service or method in the window")
	record WindowStats(long total, long successful, long errors,
			@JsonProperty("avg_duration_ms") double avgDurationMs,
			@JsonProperty("p50_duration_ms") @Schema(nullable = true) Double p50DurationMs,
			@JsonProperty("p95_duration_ms") @Schema(nullable = true) Double p95DurationMs,
			@JsonProperty("p99_duration_ms") @Schema(nullable = true) Double p99DurationMs,
			@JsonProperty("last_activity_at") @Schema(format = "date-time") String lastActivityAt) {

		static WindowStats of(CallStatistics stats) {
			return new WindowStats(stats.total(), stats.successful(), stats.errors(), round(stats.averageMs()),
					round(stats.p50Ms()), round(stats.p95Ms()), round(stats.p99Ms()),
					(stats.lastActivity() != null) ? stats.lastActivity().toString() : null);
		}

	}

	@Schema(description = "The calls of one service in the window")
	record ServiceStats(@JsonProperty("service_name") String serviceName, @JsonUnwrapped WindowStats stats) {
	}

	@Schema(description = "Services, busiest first")
	record Services(List<ServiceStats> services, @JsonProperty("total_services") int totalServices) {
	}

	@Schema(description = "The calls of one method in the window")
	record MethodStats(@JsonProperty("method_name") String methodName,
			@JsonProperty("service_name") String serviceName, @JsonUnwrapped WindowStats stats) {
	}

	@Schema(description = "Methods, busiest first")
	record Methods(List<MethodStats> methods, @JsonProperty("total_methods") int totalMethods) {
	}

	@Schema(description = "Calls that started in one interval; an interval without calls has zeros and null percentiles")
	record TimelinePoint(@Schema(format = "date-time") String timestamp, long count, long successful, long errors,
			long timeout, long cancelled,
			@JsonProperty("p50_duration_ms") @Schema(nullable = true) Double p50DurationMs,
			@JsonProperty("p95_duration_ms") @Schema(nullable = true) Double p95DurationMs,
			@JsonProperty("p99_duration_ms") @Schema(nullable = true) Double p99DurationMs) {

		static TimelinePoint of(dev.cfg.grpc.log.TimelinePoint point) {
			return new TimelinePoint(point.start().toString(), point.total(), point.successful(), point.errors(),
					point.timeouts(), point.cancelled(), round(point.p50Ms()), round(point.p95Ms()),
					round(point.p99Ms()));
		}

	}

	@Schema(description = "One call with everything stored of it")
	record RequestDetail(@JsonUnwrapped Request summary, @JsonProperty("method_type") String methodType,
			@JsonProperty("request_count") int requestCount, @JsonProperty("response_count") int responseCount,
			@JsonProperty("request_data") @Schema(nullable = true, description = "The first request message as JSON, when stored") String requestData,
			@JsonProperty("response_data") @Schema(nullable = true, description = "The first response message as JSON, when stored") String responseData,
			@JsonProperty("error_details") @Schema(nullable = true) String errorDetails,
			@JsonProperty("user_id") @Schema(nullable = true) String userId,
			@JsonProperty("api_key_prefix") @Schema(nullable = true) String apiKeyPrefix,
			@JsonProperty("user_agent") @Schema(nullable = true) String userAgent,
			@Schema(nullable = true) String peer,
			@Schema(description = "How the call came: grpc, grpc-web, connect or http-json") String protocol,
			@JsonProperty("instance_id") @Schema(nullable = true) String instanceId,
			@JsonProperty("trace_id") @Schema(nullable = true, description = "W3C trace id, 32 hex digits") String traceId,
			@JsonProperty("span_id") @Schema(nullable = true, description = "The call's server span, 16 hex digits") String spanId,
			@JsonProperty("parent_request_id") @Schema(nullable = true,
					description = "The request id of the cfg-grpc call that made this one") String parentRequestId) {
	}

	@Schema(description = "Calls per interval, oldest first")
	record Timeline(List<TimelinePoint> timeline, @JsonProperty("period_hours") int periodHours,
			@Schema(allowableValues = { "minute", "hour", "day" }) String interval) {
	}

	@Schema(description = "A call in flight")
	record ActiveCall(@JsonProperty("request_id") String requestId, @JsonProperty("full_method") String fullMethod,
			@JsonProperty("started_at") @Schema(format = "date-time") String startedAt,
			@JsonProperty("running_ms") long runningMs, String peer) {
	}

	@Schema(description = "Calls in flight on the instance that answered, oldest first")
	record Active(List<ActiveCall> active, int count,
			@JsonProperty("instance_id") @Schema(description = "The instance whose calls these are") String instanceId,
			@Schema(description = "Always local: each instance knows only its own calls in flight; ask each one, or read instances/") String scope) {
	}

	@Schema(description = "One server instance of the fleet on this database")
	record Instance(String id, String host, long pid, @JsonProperty("grpc_port") @Schema(nullable = true) Integer grpcPort,
			@Schema(nullable = true) String version,
			@Schema(allowableValues = { "running", "stopped", "lost" }) String state,
			@JsonProperty("started_at") @Schema(format = "date-time") String startedAt,
			@JsonProperty("heartbeat_at") @Schema(format = "date-time") String heartbeatAt,
			@JsonProperty("stopped_at") @Schema(nullable = true, format = "date-time") String stoppedAt,
			@JsonProperty("this_instance") boolean thisInstance) {

		static Instance of(InstanceRecord row, String self) {
			return new Instance(row.id(), row.host(), row.pid(), row.grpcPort(), row.version(), row.state().word(),
					row.startedAt().toString(), row.heartbeatAt().toString(),
					(row.stoppedAt() != null) ? row.stoppedAt().toString() : null, row.id().equals(self));
		}

	}

	@Schema(description = "The server instances on this database, newest first")
	record Instances(List<Instance> instances, int count,
			@JsonProperty("this_instance") String thisInstance,
			@Schema(description = "False when the instance table is off (cfg.grpc.fleet.enabled=false)") boolean tracked) {
	}

	/** Two decimals, as the original answers. */
	static double round(double value) {
		return Math.round(value * 100.0) / 100.0;
	}

	static Double round(Double value) {
		return (value != null) ? round(value.doubleValue()) : null;
	}

	@Schema(description = "What was wrong with the request")
	record Problem(@Schema(example = "hours must be an integer, not 'abc'") String error) {
	}

}
