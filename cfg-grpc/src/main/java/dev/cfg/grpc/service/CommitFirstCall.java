package dev.cfg.grpc.service;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.cfg.grpc.pipeline.Refusal;

/**
 * Holds back the end of a call that a service ends inside a transaction (for example from a
 * {@code @Transactional} method) until that transaction has committed, so a client that sees OK
 * can rely on the change being stored. Messages are not held back; only the status is. When the
 * transaction rolls back instead, the call ends with the status of the exception that caused it,
 * or is refused with {@link Refusal#ROLLED_BACK} when there was none. It only holds the close back;
 * the observe stage closes the call, once.
 */
final class CommitFirstCall<ReqT, RespT> extends SimpleForwardingServerCall<ReqT, RespT> {

	private volatile boolean rolledBackAfterClose;

	CommitFirstCall(ServerCall<ReqT, RespT> delegate) {
		super(delegate);
	}

	@Override
	public void close(Status status, Metadata trailers) {
		if (status.isOk() && TransactionSynchronizationManager.isSynchronizationActive()
				&& TransactionSynchronizationManager.isActualTransactionActive() && !ReadOnlyCalls.active()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int outcome) {
					if (outcome == STATUS_COMMITTED) {
						CommitFirstCall.super.close(status, trailers);
					}
					else {
						CommitFirstCall.this.rolledBackAfterClose = true;
					}
				}
			});
			return;
		}
		super.close(status, trailers);
	}

	/** Ends a call whose transaction rolled back without an exception to report. */
	<T> ServerCall.Listener<T> listener(ServerCall.Listener<T> listener) {
		return new SimpleForwardingServerCallListener<>(listener) {
			@Override
			public void onHalfClose() {
				super.onHalfClose();
				endIfRolledBack();
			}

			@Override
			public void onMessage(T message) {
				super.onMessage(message);
				endIfRolledBack();
			}
		};
	}

	private void endIfRolledBack() {
		if (this.rolledBackAfterClose) {
			// A call already closed (by the exception that rolled it back) stays as it was closed.
			throw Refusal.ROLLED_BACK.exception();
		}
	}

}
