package dev.cfg.grpc.fleet;

import java.util.Locale;

/** Where a server instance's row stands. */
public enum InstanceState {

	/** Serving, with a heartbeat. */
	RUNNING,

	/** Stopped cleanly: its calls were drained and its request log records written. */
	STOPPED,

	/** Its heartbeat stopped without a clean shutdown (killed, crashed, or cut off from the database). */
	LOST;

	/** The word stored in the {@code state} column. */
	public String word() {
		return name().toLowerCase(Locale.ROOT);
	}

	static InstanceState fromWord(String word) {
		return valueOf(word.toUpperCase(Locale.ROOT));
	}

}
