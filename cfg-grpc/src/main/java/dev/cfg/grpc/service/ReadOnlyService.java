package dev.cfg.grpc.service;

import dev.cfg.grpc.pipeline.Refusal;

/**
 * A service that only reads. cfg-grpc runs each of its calls in a transaction that is always
 * rolled back, and refuses every write statement on the application's data sources during the
 * call: a write attempt ends the call with FAILED_PRECONDITION "Read-only service" and changes
 * nothing, on H2 and PostgreSQL alike. Entities changed through JPA are flushed before the call
 * ends, so a change made that way is refused too.
 */
public abstract class ReadOnlyService extends BaseService {

	/** The message of the status a write attempt ends with. */
	public static final String READ_ONLY_MESSAGE = Refusal.READ_ONLY.message();

}
