package dev.cfg.grpc.testapp;

import java.util.concurrent.atomic.AtomicInteger;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.interceptor.TransactionAspectSupport;

import dev.cfg.grpc.test.echo.EchoReply;
import dev.cfg.grpc.test.echo.EchoRequest;
import dev.cfg.grpc.test.echo.EchoServiceGrpc;

/**
 * Echoes requests. Special texts: {@code write} stores a note; {@code write-then-fail} stores one
 * and then throws; {@code thread} answers with the name of the thread that ran the method.
 */
@Service
public class EchoGrpcService extends EchoServiceGrpc.EchoServiceImplBase {

	private final JdbcTemplate jdbc;

	private final AtomicInteger running = new AtomicInteger();

	private final AtomicInteger mostRunning = new AtomicInteger();

	public EchoGrpcService(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	@Transactional
	public void echo(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
		int now = this.running.incrementAndGet();
		this.mostRunning.accumulateAndGet(now, Math::max);
		try {
			sleep(request.getDelayMs());
			String text = request.getText();
			failFirstTries(text);
			if (text.startsWith("write")) {
				this.jdbc.update("INSERT INTO echo_note (text) VALUES (?)", text);
			}
			if (text.equals("bad-argument")) {
				throw new IllegalArgumentException("text must not be bad-argument");
			}
			if (text.equals("missing")) {
				throw new java.util.NoSuchElementException("row 42 in table secret_stuff");
			}
			if (text.equals("boom")) {
				throw new IllegalStateException("internal detail: SELECT * FROM secret_stuff");
			}
			if (text.equals("write-then-fail")) {
				throw new IllegalStateException("failed after writing");
			}
			if (text.equals("thread")) {
				Thread thread = Thread.currentThread();
				text = thread.getName() + " virtual=" + isVirtual(thread);
			}
			responseObserver.onNext(reply(text, request.getReplyPadding()));
			responseObserver.onCompleted();
			if (text.equals("write-then-rollback")) {
				// Ends the call, then rolls back without an exception.
				TransactionAspectSupport.currentTransactionStatus().setRollbackOnly();
			}
		}
		finally {
			this.running.decrementAndGet();
		}
	}

	@Override
	public void echoStream(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
		failFirstTries(request.getText());
		for (int i = 0; i < 3; i++) {
			responseObserver.onNext(reply(request.getText() + i, request.getReplyPadding()));
		}
		responseObserver.onCompleted();
	}

	/**
	 * Tries of a flaky method: {@code flaky:<key>:<n>} fails with UNAVAILABLE on the first n calls
	 * with that key, then succeeds.
	 */
	private final java.util.Map<String, AtomicInteger> tries = new java.util.concurrent.ConcurrentHashMap<>();

	private void failFirstTries(String text) {
		if (!text.startsWith("flaky:")) {
			return;
		}
		String[] parts = text.split(":");
		int attempt = this.tries.computeIfAbsent(parts[1], (key) -> new AtomicInteger()).incrementAndGet();
		if (attempt <= Integer.parseInt(parts[2])) {
			throw io.grpc.Status.UNAVAILABLE.withDescription("flaky, try " + attempt).asRuntimeException();
		}
	}

	/** How many times a {@code flaky:<key>:<n>} text has been received. */
	public int tries(String key) {
		AtomicInteger count = this.tries.get(key);
		return (count != null) ? count.get() : 0;
	}

	@Override
	public StreamObserver<EchoRequest> collect(StreamObserver<EchoReply> responseObserver) {
		StringBuilder all = new StringBuilder();
		return new StreamObserver<>() {
			@Override
			public void onNext(EchoRequest value) {
				all.append(value.getText());
			}

			@Override
			public void onError(Throwable t) {
			}

			@Override
			public void onCompleted() {
				responseObserver.onNext(reply(all.toString(), 0));
				responseObserver.onCompleted();
			}
		};
	}

	@Override
	public StreamObserver<EchoRequest> chat(StreamObserver<EchoReply> responseObserver) {
		return new StreamObserver<>() {
			@Override
			public void onNext(EchoRequest value) {
				responseObserver.onNext(reply(value.getText(), 0));
			}

			@Override
			public void onError(Throwable t) {
			}

			@Override
			public void onCompleted() {
				responseObserver.onCompleted();
			}
		};
	}

	/** How many calls of {@code Echo} are running now. */
	public int runningNow() {
		return this.running.get();
	}

	/** The most calls of {@code Echo} that ran at once since the start. */
	public int mostRunningAtOnce() {
		return this.mostRunning.get();
	}

	static EchoReply reply(String text, int padding) {
		return EchoReply.newBuilder().setText(text).setPadding(ByteString.copyFrom(new byte[padding])).build();
	}

	private static void sleep(int millis) {
		if (millis > 0) {
			try {
				// The service's own work, as long as the request asks (delay_ms): what deadlines cut short.
				Thread.sleep(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static boolean isVirtual(Thread thread) {
		try {
			return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
		}
		catch (ReflectiveOperationException ex) {
			return false;
		}
	}

}
