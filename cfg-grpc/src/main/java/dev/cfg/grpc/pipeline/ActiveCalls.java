package dev.cfg.grpc.pipeline;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The calls in flight on this instance right now, kept in memory as the observe stage sees them. */
public final class ActiveCalls implements CallObserver {

	private final Map<String, ActiveCall> calls = new ConcurrentHashMap<>();

	ActiveCalls() {
	}

	@Override
	public void started(CallContext call) {
		this.calls.put(call.requestId(),
				new ActiveCall(call.requestId(), call.fullMethodName(), call.startedAt(), call.peer().orElse(null)));
	}

	@Override
	public void completed(CallCompleted call) {
		this.calls.remove(call.requestId());
	}

	/**
	 * How many calls are in flight.
	 * @return the number, without copying or sorting them
	 */
	public int count() {
		return this.calls.size();
	}

	/**
	 * The calls in flight, oldest first.
	 * @return a snapshot
	 */
	public List<ActiveCall> snapshot() {
		return this.calls.values().stream().sorted(Comparator.comparing(ActiveCall::startedAt)).toList();
	}

	/**
	 * One call in flight.
	 *
	 * @param requestId its request id
	 * @param fullMethod its method
	 * @param startedAt when it started
	 * @param peer the client's address
	 */
	public record ActiveCall(String requestId, String fullMethod, Instant startedAt, String peer) {
	}

}
