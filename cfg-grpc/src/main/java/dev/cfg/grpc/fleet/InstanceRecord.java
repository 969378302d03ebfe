package dev.cfg.grpc.fleet;

import java.time.Instant;

/**
 * One server instance as its row holds it.
 *
 * @param id the instance id, as request log records carry it
 * @param host the machine's host name
 * @param pid the operating system's process id
 * @param grpcPort the port its gRPC server listened on, or null before it started
 * @param version the application's version ({@code spring.application.version}), or null
 * @param state where it stands
 * @param startedAt when it started
 * @param heartbeatAt its last heartbeat
 * @param stoppedAt when it stopped cleanly or was found lost, or null while running
 */
public record InstanceRecord(String id, String host, long pid, Integer grpcPort, String version,
		InstanceState state, Instant startedAt, Instant heartbeatAt, Instant stoppedAt) {
}
