package dev.cfg.grpc.fleet;

import java.time.Duration;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.cfg.grpc.log.RequestFilter;
import dev.cfg.grpc.log.RequestLog;
import dev.cfg.grpc.log.RequestLogRecord;

/**
 * Says, once per lost instance, how the request log may have been cut short: calls are written in
 * the background, so the records of the last calls an instance answered before it was killed may
 * never have reached the database. The report names the instance, when it was last alive, and its
 * last call that is in the log: calls it answered after that one may be missing.
 */
final class LostInstanceReport {

	private static final Log logger = LogFactory.getLog(LostInstanceReport.class);

	private final RequestLog log;

	private final Duration heartbeatInterval;

	LostInstanceReport(RequestLog log, Duration heartbeatInterval) {
		this.log = log;
		this.heartbeatInterval = heartbeatInterval;
	}

	void lost(InstanceRecord instance) {
		logger.warn(describe(instance));
	}

	String describe(InstanceRecord instance) {
		StringBuilder text = new StringBuilder("Server instance ").append(instance.id())
			.append(" (host ").append(instance.host())
			.append(", pid ").append(instance.pid());
		if (instance.grpcPort() != null) {
			text.append(", gRPC port ").append(instance.grpcPort());
		}
		text.append(", started ").append(instance.startedAt())
			.append(") stopped without a clean shutdown, between its last heartbeat at ")
			.append(instance.heartbeatAt())
			.append(" and ")
			.append(instance.heartbeatAt().plus(this.heartbeatInterval))
			.append(". ");
		List<RequestLogRecord> newest = this.log.find(RequestFilter.builder().instanceId(instance.id()).build(), 1, 0);
		if (newest.isEmpty()) {
			text.append("None of its calls is in the request log; any call it answered may be missing.");
		}
		else {
			RequestLogRecord last = newest.get(0);
			text.append("Its last call in the request log is ").append(last.requestId())
				.append(", started ").append(last.createdAt())
				.append("; calls it answered after that may be missing from the log.");
		}
		return text.toString();
	}

}
