package dev.cfg.grpc.log;

/** For tests of other packages: rows no call made, handed to the writer from inside its package. */
public final class MadeUpRows {

	private MadeUpRows() {
	}

	public static void offer(RequestLogWriter writer, RequestLogRecord record) {
		writer.offer(record);
	}

}
