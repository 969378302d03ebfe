package dev.cfg.grpc.log;

import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes request log records in the background: calls hand records to a bounded queue and never
 * wait; one thread takes them in batches and writes each batch with one JDBC batch insert. While
 * the database is slow or down, records wait in the queue (up to its capacity; beyond it new ones
 * are dropped, counted and reported in a warning at most once a minute) and the batch in hand is
 * retried until it is written. On a clean shutdown, after the gRPC server has drained, everything
 * queued is written before the application stops.
 */
public final class RequestLogWriter implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RequestLogWriter.class);

	static final String INSERT = "INSERT INTO cfg_grpc_request_log (request_id, service_name, method_name, full_method, "
			+ "method_type, request_size, response_size, request_count, response_count, request_data, response_data, "
			+ "status, grpc_status_code, error_message, error_details, duration_ms, user_id, username, "
			+ "is_authenticated, api_key_prefix, client_ip, user_agent, peer, created_at, completed_at) "
			+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

	private static final long DROP_WARNING_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

	private final JdbcTemplate jdbc;

	private final BlockingQueue<RequestLogRecord> queue;

	private final int batchSize;

	private final AtomicLong written = new AtomicLong();

	private final AtomicLong dropped = new AtomicLong();

	private final AtomicLong failedAttempts = new AtomicLong();

	private volatile long lastDropWarning;

	private volatile boolean running;

	private volatile Thread thread;


	RequestLogWriter(JdbcTemplate jdbc, int capacity, int batchSize) {
		this.jdbc = jdbc;
		this.queue = new ArrayBlockingQueue<>(capacity);
		this.batchSize = batchSize;
	}

	/**
	 * Queues a record without waiting; when the queue is full the record is dropped and counted.
	 * @param record the finished call
	 */
	public void offer(RequestLogRecord record) {
		if (!this.queue.offer(record)) {
			long total = this.dropped.incrementAndGet();
			long now = System.nanoTime();
			if (now - this.lastDropWarning > DROP_WARNING_INTERVAL_NANOS) {
				this.lastDropWarning = now;
				logger.warn("Request log queue is full (" + this.queue.size()
						+ " records waiting; is the database down?): dropped " + total + " records so far");
			}
		}
	}

	/** Records written so far. */
	public long written() {
		return this.written.get();
	}

	/** Records dropped because the queue was full. */
	public long dropped() {
		return this.dropped.get();
	}

	/** Records waiting to be written. */
	public int queued() {
		return this.queue.size();
	}

	/** Failed write attempts (each is retried). */
	public long failedAttempts() {
		return this.failedAttempts.get();
	}

	/**
	 * Waits until everything queued so far has been written.
	 * @param timeoutMillis how long to wait at most
	 * @return true when the queue emptied in time
	 */
	public boolean awaitDrained(long timeoutMillis) throws InterruptedException {
		long deadline = System.currentTimeMillis() + timeoutMillis;
		while (System.currentTimeMillis() < deadline) {
			if (this.queue.isEmpty() && !this.writing) {
				return true;
			}
			Thread.sleep(10);
		}
		return this.queue.isEmpty() && !this.writing;
	}

	private volatile boolean writing;

	@Override
	public void start() {
		this.running = true;
		Thread writer = new Thread(this::run, "cfg-grpc-request-log");
		writer.setDaemon(true);
		this.thread = writer;
		writer.start();
	}

	@Override
	public void stop() {
		this.running = false;
		Thread writer = this.thread;
		if (writer != null) {
			writer.interrupt();
			try {
				writer.join(TimeUnit.SECONDS.toMillis(30));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.thread = null;
	}

	@Override
	public boolean isRunning() {
		return this.thread != null;
	}

	@Override
	public int getPhase() {
		// Stops after the gRPC server (Integer.MAX_VALUE), so the records of its last calls are queued.
		return Integer.MAX_VALUE - 10;
	}

	private void run() {
		List<RequestLogRecord> batch = new ArrayList<>(this.batchSize);
		long backoff = 100;
		while (this.running || !this.queue.isEmpty() || !batch.isEmpty()) {
			try {
				if (batch.isEmpty()) {
					RequestLogRecord first = this.running ? this.queue.poll(200, TimeUnit.MILLISECONDS) : this.queue.poll();
					if (first == null) {
						continue;
					}
					this.writing = true;
					batch.add(first);
					this.queue.drainTo(batch, this.batchSize - 1);
				}
				write(batch);
				this.written.addAndGet(batch.size());
				batch.clear();
				this.writing = false;
				backoff = 100;
			}
			catch (InterruptedException ex) {
				// stop() interrupts: go on until everything queued is written.
				this.running = false;
			}
			catch (RuntimeException ex) {
				this.failedAttempts.incrementAndGet();
				logger.warn("Could not write " + batch.size() + " request log records, retrying in " + backoff + "ms: "
						+ ex.getMessage());
				if (!this.running && this.failedAttempts.get() > 50) {
					logger.error("Giving up on " + (batch.size() + this.queue.size()) + " request log records at shutdown");
					return;
				}
				try {
					Thread.sleep(backoff);
				}
				catch (InterruptedException interrupted) {
					this.running = false;
				}
				backoff = Math.min(backoff * 2, 5_000);
			}
		}
		this.writing = false;
	}

	private void write(List<RequestLogRecord> batch) {
		this.jdbc.batchUpdate(INSERT, batch, batch.size(), (statement, record) -> {
			statement.setString(1, record.requestId());
			statement.setString(2, record.serviceName());
			statement.setString(3, record.methodName());
			statement.setString(4, record.fullMethod());
			statement.setString(5, record.methodType());
			statement.setLong(6, record.requestSize());
			statement.setLong(7, record.responseSize());
			statement.setInt(8, record.requestCount());
			statement.setInt(9, record.responseCount());
			statement.setString(10, record.requestData());
			statement.setString(11, record.responseData());
			statement.setString(12, record.status());
			statement.setString(13, record.grpcStatusCode());
			statement.setString(14, record.errorMessage());
			statement.setString(15, record.errorDetails());
			statement.setInt(16, record.durationMs());
			Long userId = numericOrNull(record.userId());
			if (userId != null) {
				statement.setLong(17, userId);
			}
			else {
				statement.setNull(17, Types.BIGINT);
			}
			statement.setString(18, record.username());
			statement.setBoolean(19, record.authenticated());
			statement.setString(20, record.apiKeyPrefix());
			statement.setString(21, record.clientIp());
			statement.setString(22, record.userAgent());
			statement.setString(23, record.peer());
			statement.setTimestamp(24, Timestamp.from(record.createdAt()));
			statement.setTimestamp(25, Timestamp.from(record.completedAt()));
		});
	}

	private static Long numericOrNull(String id) {
		if (id == null || !id.matches("\\d{1,18}")) {
			return null;
		}
		return Long.valueOf(id);
	}

}
