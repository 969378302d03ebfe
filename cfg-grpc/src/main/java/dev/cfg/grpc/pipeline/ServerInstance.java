package dev.cfg.grpc.pipeline;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;

/**
 * This server process, as the request log stamps it on every call and the instance table lists
 * it: in a fleet of instances on one database, the id tells which process answered a call and
 * which process's records a crash may have cut short.
 *
 * @param id a version 7 UUID made when the process started
 * @param host the machine's host name
 * @param pid the operating system's process id
 * @param startedAt when the instance was made
 */
public record ServerInstance(String id, String host, long pid, Instant startedAt) {

	/**
	 * This process.
	 * @return a new instance with a new id
	 */
	public static ServerInstance ofThisProcess() {
		return new ServerInstance(RequestIds.next(), hostName(), ProcessHandle.current().pid(), Instant.now());
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			String fromEnvironment = System.getenv("HOSTNAME");
			return (fromEnvironment != null) ? fromEnvironment : "unknown";
		}
	}

}
