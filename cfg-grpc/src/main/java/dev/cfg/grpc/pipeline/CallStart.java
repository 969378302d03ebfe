package dev.cfg.grpc.pipeline;

import java.time.Clock;

import io.grpc.Metadata;

/**
 * How the observe stage opens a call's {@link CallContext}: the clock that stamps its start, and
 * whether the request log wants the first messages kept.
 *
 * @param clock the clock
 * @param keepFirstRequest keep the first request message
 * @param keepFirstResponse keep the first response message
 * @param clientAddresses how the client's address is told from the connection and its headers
 */
record CallStart(Clock clock, boolean keepFirstRequest, boolean keepFirstResponse, ClientAddresses clientAddresses) {

	CallContext open(String fullMethodName, Metadata headers) {
		return new CallContext(fullMethodName, headers, this.clock.instant(), this.keepFirstRequest,
				this.keepFirstResponse, this.clientAddresses);
	}

}
