package dev.cfg.grpc.log;

/**
 * The storage mode's way to hand the request log writer rows that no call made: the harness
 * shares the writer's package for this, since applications get no such door.
 */
public final class HarnessRows {

	private HarnessRows() {
	}

	/**
	 * Queues a made-up row, as a finished call's would be.
	 * @param writer the application's writer
	 * @param record the row
	 */
	public static void offer(RequestLogWriter writer, RequestLogRecord record) {
		writer.offer(record);
	}

}
