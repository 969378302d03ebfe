package dev.cfg.grpc.service;

import java.sql.SQLException;
import java.util.List;
import java.util.function.Supplier;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;

import org.springframework.orm.jpa.EntityManagerFactoryUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.cfg.grpc.pipeline.CallContext;
import dev.cfg.grpc.pipeline.internal.AroundEveryCallback;

/**
 * Runs the calls of {@link ReadOnlyService}s read-only: every callback in a transaction that is
 * rolled back, with the call's {@link CallContext} marked so that {@link ReadOnlyDataSource} refuses
 * write statements, and pending JPA changes flushed (and so refused) before a successful end.
 */
final class ReadOnlyCalls {

	/** SQLSTATE of "read-only SQL transaction", which PostgreSQL also uses. */
	static final String READ_ONLY_SQL_STATE = "25006";

	private final TransactionTemplate transactions;

	private final List<EntityManagerFactory> entityManagerFactories;

	ReadOnlyCalls(PlatformTransactionManager transactionManager, List<EntityManagerFactory> entityManagerFactories) {
		this.transactions = (transactionManager != null) ? new TransactionTemplate(transactionManager) : null;
		this.entityManagerFactories = List.copyOf(entityManagerFactories);
	}

	static boolean active() {
		return CallContext.current().map(CallContext::readOnly).orElse(false);
	}

	<ReqT, RespT> ServerCall<ReqT, RespT> call(ServerCall<ReqT, RespT> call) {
		return new SimpleForwardingServerCall<>(call) {
			@Override
			public void close(Status status, Metadata trailers) {
				if (status.isOk()) {
					// A write JPA held back is refused here; the error stage maps the refusal.
					flush();
				}
				super.close(status, trailers);
			}
		};
	}

	<ReqT> ServerCall.Listener<ReqT> wrap(ServerCall.Listener<ReqT> listener) {
		AroundEveryCallback inTransaction = this::inTransaction;
		return inTransaction.wrap(listener);
	}

	<T> T inTransaction(Supplier<T> action) {
		if (this.transactions == null) {
			return action.get();
		}
		return this.transactions.execute((status) -> {
			try {
				return action.get();
			}
			finally {
				status.setRollbackOnly();
			}
		});
	}

	void inTransaction(Runnable action) {
		inTransaction(() -> {
			action.run();
			return null;
		});
	}

	private void flush() {
		for (EntityManagerFactory factory : this.entityManagerFactories) {
			EntityManager entityManager = EntityManagerFactoryUtils.getTransactionalEntityManager(factory);
			if (entityManager != null) {
				entityManager.flush();
			}
		}
	}

	static boolean isReadOnlyViolation(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && READ_ONLY_SQL_STATE.equals(sql.getSQLState())) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

}
