package dev.cfg.grpc.log;

import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes request log records in the background: calls hand records to a bounded queue and never
 * wait; writer threads (one or more, each with its own connection) take them in batches and write
 * each batch, with its per-minute totals ({@link TotalsTables}), in one transaction. The rows of
 * several batches go in side by side; their totals are added one batch at a time, so the writers
 * of one process never compete for the same totals rows. While
 * the database is slow or down, records wait in the queue (up to its capacity; beyond it new ones
 * are dropped, counted and reported in a warning at most once a minute) and the batch in hand is
 * retried until it is written. On a clean shutdown, after the gRPC server has drained, everything
 * queued is written before the application stops.
 */
public final class RequestLogWriter implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RequestLogWriter.class);

	/** The columns every record fills, in the order {@link #bind} and {@code PostgresCopy} write them. */
	static final String COLUMNS = "request_id, service_name, method_name, full_method, method_type, request_size, "
			+ "response_size, request_count, response_count, request_data, response_data, status, grpc_status_code, "
			+ "error_message, error_details, duration_ms, user_id, username, is_authenticated, api_key_prefix, "
			+ "client_ip, user_agent, peer, instance_id, trace_id, span_id, parent_request_id, created_at, completed_at";

	private static final String INSERT_COLUMNS = "INSERT INTO cfg_grpc_request_log (" + COLUMNS + ") VALUES";

	private static final String ROW_PLACEHOLDERS = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

	/** 29 parameters a row: 200 rows stay far below PostgreSQL's 65,535 parameters a statement. */
	static final int ROWS_PER_STATEMENT = 200;

	/** The statement of a full chunk, built once: most chunks are full under load. */
	private static final String FULL_INSERT = rowsInsert(ROWS_PER_STATEMENT);

	/** The name of the writer threads: the first's, and the others' with {@code -2}, {@code -3}... */
	public static final String THREAD_NAME = "cfg-grpc-request-log";

	/** How often a batch that is filling looks at the queue again. */
	private static final long FILL_STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

	private static final long DROP_WARNING_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

	/** The wait before the first retry of a failed batch; it doubles up to {@link #RETRY_GROWTH} times that. */
	private static final long FIRST_RETRY_MILLIS = 100;

	/** The longest wait between retries, as a multiple of the first: 5 seconds by default. */
	private static final long RETRY_GROWTH = 50;

	/**
	 * Failed attempts a writer makes after shutdown has begun before it gives up on what is left:
	 * counted from the shutdown, so an outage long before it does not cut the last flush short.
	 */
	static final int ATTEMPTS_AT_SHUTDOWN = 50;

	private final JdbcTemplate jdbc;

	private final BlockingQueue<RequestLogRecord> queue;

	private final int batchSize;

	/** Writer threads; 0 until {@link #start} when the database is to choose ({@link #AUTOMATIC}). */
	private volatile int writers;

	/** As the writer count: one writer per database kind, chosen at start ({@link #defaultWriters}). */
	static final int AUTOMATIC = 0;

	private final long flushNanos;

	/**
	 * Records the queue took; the log is drained when each is written or set aside. Counted on
	 * every call's thread at once, so an adder rather than one contended number.
	 */
	private final LongAdder accepted = new LongAdder();

	private final AtomicLong written = new AtomicLong();

	private final AtomicLong dropped = new AtomicLong();

	private final AtomicLong failedAttempts = new AtomicLong();

	private final AtomicLong rejected = new AtomicLong();

	private final LongConsumer batchNanos;

	private volatile long lastDropWarning;

	private volatile boolean running;

	/** Held from adding a batch's totals until its transaction commits. */
	private final ReentrantLock totalsLock = new ReentrantLock();

	private volatile List<Thread> threads = List.of();

	/** Whether pgjdbc is on the class path, so COPY can be used on PostgreSQL. */
	private static final boolean PGJDBC = org.springframework.util.ClassUtils.isPresent("org.postgresql.PGConnection",
			RequestLogWriter.class.getClassLoader());

	private final boolean copyAllowed;

	/** Decided at the first write: whether rows go by COPY. */
	private volatile Boolean copy;

	private final long firstRetryMillis;

	RequestLogWriter(JdbcTemplate jdbc, int capacity, int batchSize, LongConsumer batchNanos) {
		this(jdbc, capacity, batchSize, batchNanos, true, 1, Duration.ZERO);
	}

	RequestLogWriter(JdbcTemplate jdbc, int capacity, int batchSize, LongConsumer batchNanos, boolean copyAllowed,
			int writers, Duration flushInterval) {
		this(jdbc, capacity, batchSize, batchNanos, copyAllowed, writers, flushInterval,
				Duration.ofMillis(FIRST_RETRY_MILLIS));
	}

	/**
	 * @param firstRetry the wait before the first retry of a failed batch (tests shorten it)
	 */
	RequestLogWriter(JdbcTemplate jdbc, int capacity, int batchSize, LongConsumer batchNanos, boolean copyAllowed,
			int writers, Duration flushInterval, Duration firstRetry) {
		this.firstRetryMillis = Math.max(1, firstRetry.toMillis());
		this.copyAllowed = copyAllowed;
		this.writers = writers;
		this.flushNanos = flushInterval.toNanos();
		this.jdbc = jdbc;
		this.queue = new ArrayBlockingQueue<>(capacity);
		this.batchSize = batchSize;
		this.batchNanos = batchNanos;
	}

	/**
	 * Queues a record without waiting; when the queue is full the record is dropped and counted.
	 * @param record the finished call
	 */
	public void offer(RequestLogRecord record) {
		if (this.queue.offer(record)) {
			this.accepted.increment();
		}
		else {
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

	/** Records the database refused (for example a value too long for its column), set aside. */
	public long rejected() {
		return this.rejected.get();
	}

	/** Records waiting to be written. */
	public int queued() {
		return this.queue.size();
	}

	/**
	 * Writer threads this writer runs.
	 * @return how many; 0 before it has started when the database chooses
	 */
	public int writers() {
		return this.writers;
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
			if (drained()) {
				return true;
			}
			Thread.sleep(10);
		}
		return drained();
	}

	/**
	 * Whether every record queued so far has been written or set aside. Counted rather than read
	 * off the queue: a record a writer has just taken is in neither the queue nor the database.
	 */
	private boolean drained() {
		// Read in this order: a record accepted after the counts were read cannot make it true.
		long done = this.written.get() + this.rejected.get();
		return done >= this.accepted.sum();
	}

	@Override
	public void start() {
		if (this.writers == AUTOMATIC) {
			this.writers = defaultWriters(this.jdbc);
		}
		this.running = true;
		List<Thread> started = new ArrayList<>();
		for (int i = 1; i <= this.writers; i++) {
			Thread writer = new Thread(this::run, (i == 1) ? THREAD_NAME : THREAD_NAME + "-" + i);
			writer.setDaemon(true);
			started.add(writer);
		}
		this.threads = List.copyOf(started);
		started.forEach(Thread::start);
	}

	@Override
	public void stop() {
		this.running = false;
		List<Thread> writers = this.threads;
		writers.forEach(Thread::interrupt);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		for (Thread writer : writers) {
			try {
				TimeUnit.NANOSECONDS.timedJoin(writer, Math.max(1, deadline - System.nanoTime()));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		this.threads = List.of();
	}

	@Override
	public boolean isRunning() {
		return !this.threads.isEmpty();
	}

	@Override
	public int getPhase() {
		// Stops after the gRPC server (Integer.MAX_VALUE), so the records of its last calls are queued.
		return Integer.MAX_VALUE - 10;
	}

	private void run() {
		List<RequestLogRecord> batch = new ArrayList<>(this.batchSize);
		long backoff = this.firstRetryMillis;
		int failuresSinceShutdown = 0;
		while (this.running || !this.queue.isEmpty() || !batch.isEmpty()) {
			try {
				if (batch.isEmpty()) {
					RequestLogRecord first = this.running ? this.queue.poll(200, TimeUnit.MILLISECONDS) : this.queue.poll();
					if (first == null) {
						continue;
					}
					batch.add(first);
					fill(batch, System.nanoTime() + this.flushNanos);
				}
				writeOrSetAside(batch);
				batch.clear();
				backoff = this.firstRetryMillis;
			}
			catch (InterruptedException ex) {
				// stop() interrupts: go on until everything queued is written.
				this.running = false;
			}
			catch (RuntimeException ex) {
				this.failedAttempts.incrementAndGet();
				logger.warn("Could not write " + batch.size() + " request log records, retrying in " + backoff + "ms: "
						+ ex.getMessage());
				if (!this.running && ++failuresSinceShutdown > ATTEMPTS_AT_SHUTDOWN) {
					logger.error("Giving up on " + (batch.size() + this.queue.size()) + " request log records at shutdown");
					return;
				}
				try {
					Thread.sleep(backoff);
				}
				catch (InterruptedException interrupted) {
					this.running = false;
				}
				backoff = Math.min(backoff * 2, this.firstRetryMillis * RETRY_GROWTH);
			}
		}
	}

	/**
	 * Adds what is queued to a batch until it is full or its first record has waited the flush
	 * interval. Each batch costs a transaction and its totals whatever its size: under load, a
	 * batch of a few hundred rows costs far less per row than one of a few dozen. The writer looks
	 * every few milliseconds rather than waking for every record.
	 */
	private void fill(List<RequestLogRecord> batch, long deadline) throws InterruptedException {
		this.queue.drainTo(batch, this.batchSize - batch.size());
		while (batch.size() < this.batchSize && this.running) {
			long remaining = deadline - System.nanoTime();
			if (remaining <= 0) {
				return;
			}
			TimeUnit.NANOSECONDS.sleep(Math.min(remaining, FILL_STEP_NANOS));
			this.queue.drainTo(batch, this.batchSize - batch.size());
		}
	}

	/**
	 * Writes a batch; when the database refuses its data (a value too long for its column, a
	 * repeated request id), writes its records one by one and sets aside those refused, so one bad
	 * record never holds up the log. Other failures (the database down, the table missing) are
	 * thrown, and the batch is retried.
	 */
	private void writeOrSetAside(List<RequestLogRecord> batch) {
		try {
			long start = System.nanoTime();
			write(batch);
			this.batchNanos.accept(System.nanoTime() - start);
			this.written.addAndGet(batch.size());
		}
		catch (DataIntegrityViolationException ex) {
			// Each record leaves the batch once written or set aside: if the database goes away
			// meanwhile, the batch retried is what is left of it.
			Iterator<RequestLogRecord> remaining = batch.iterator();
			while (remaining.hasNext()) {
				RequestLogRecord record = remaining.next();
				try {
					write(List.of(record));
					this.written.incrementAndGet();
				}
				catch (DataIntegrityViolationException refused) {
					this.rejected.incrementAndGet();
					logger.warn("Request log record " + record.requestId() + " of " + record.fullMethod()
							+ " was refused by the database and set aside: " + refused.getMostSpecificCause().getMessage());
				}
				remaining.remove();
			}
		}
	}

	/**
	 * Writes a batch with its totals in one transaction: by COPY on PostgreSQL, otherwise as
	 * multi-row INSERT statements of up to {@link #ROWS_PER_STATEMENT} rows, one statement (and one
	 * round trip) per chunk, several times faster than a JDBC batch of single-row inserts.
	 */
	private void write(List<RequestLogRecord> batch) {
		this.jdbc.execute((java.sql.Connection connection) -> {
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			try {
				if (copies(connection)) {
					PostgresCopy.copy(connection, batch);
				}
				else {
					insert(connection, batch);
				}
				this.totalsLock.lock();
				try {
					TotalsTables.store(connection, batch);
					connection.commit();
				}
				finally {
					this.totalsLock.unlock();
				}
			}
			catch (java.sql.SQLException | RuntimeException ex) {
				connection.rollback();
				throw ex;
			}
			finally {
				connection.setAutoCommit(autoCommit);
			}
			return null;
		});
	}

	/**
	 * Whether the writer has been writing with COPY.
	 * @return true once a batch went by COPY, false before the first batch or with inserts
	 */
	boolean writesByCopy() {
		return Boolean.TRUE.equals(this.copy);
	}

	/**
	 * Two writers on PostgreSQL, whose server processes store the rows beside the writer threads
	 * (1.6 times the rows a second of one, at the same CPU per row); one elsewhere: H2 stores them in
	 * the writer's own thread, and a second one costs more CPU per row than it adds. Asked when the
	 * writer starts, not when its bean is made, so making the bean opens no connection.
	 */
	static int defaultWriters(JdbcTemplate jdbc) {
		try {
			String product = jdbc.execute((java.sql.Connection connection) -> connection.getMetaData()
				.getDatabaseProductName());
			return "PostgreSQL".equalsIgnoreCase(product) ? 2 : 1;
		}
		catch (RuntimeException ex) {
			// The writer retries until the database answers; one thread is the safe guess meanwhile.
			return 1;
		}
	}

	/** Whether rows go by COPY: on PostgreSQL, when its driver is there, unless turned off. */
	private boolean copies(java.sql.Connection connection) {
		Boolean decided = this.copy;
		if (decided == null) {
			decided = this.copyAllowed && PGJDBC && PostgresCopy.supports(connection);
			this.copy = decided;
		}
		return decided;
	}

	private static void insert(java.sql.Connection connection, List<RequestLogRecord> batch)
			throws java.sql.SQLException {
		for (int from = 0; from < batch.size(); from += ROWS_PER_STATEMENT) {
			List<RequestLogRecord> chunk = batch.subList(from, Math.min(batch.size(), from + ROWS_PER_STATEMENT));
			try (var statement = connection.prepareStatement(insert(chunk.size()))) {
				int index = 1;
				for (RequestLogRecord record : chunk) {
					index = bind(statement, index, record);
				}
				statement.executeUpdate();
			}
		}
	}

	private static String insert(int rows) {
		return (rows == ROWS_PER_STATEMENT) ? FULL_INSERT : rowsInsert(rows);
	}

	private static String rowsInsert(int rows) {
		return INSERT_COLUMNS + " " + TotalsTables.rows(rows, ROW_PLACEHOLDERS);
	}

	private static int bind(java.sql.PreparedStatement statement, int first, RequestLogRecord record)
			throws java.sql.SQLException {
		int i = first;
		statement.setString(i++, record.requestId());
		statement.setString(i++, record.serviceName());
		statement.setString(i++, record.methodName());
		statement.setString(i++, record.fullMethod());
		statement.setString(i++, record.methodType());
		statement.setLong(i++, record.requestSize());
		statement.setLong(i++, record.responseSize());
		statement.setInt(i++, record.requestCount());
		statement.setInt(i++, record.responseCount());
		statement.setString(i++, record.requestData());
		statement.setString(i++, record.responseData());
		statement.setString(i++, record.outcome().word());
		statement.setString(i++, record.grpcStatusCode());
		statement.setString(i++, record.errorMessage());
		statement.setString(i++, record.errorDetails());
		statement.setInt(i++, record.durationMs());
		Long userId = numericOrNull(record.userId());
		if (userId != null) {
			statement.setLong(i++, userId);
		}
		else {
			statement.setNull(i++, Types.BIGINT);
		}
		statement.setString(i++, record.username());
		statement.setBoolean(i++, record.authenticated());
		statement.setString(i++, record.apiKeyPrefix());
		statement.setString(i++, record.clientIp());
		statement.setString(i++, record.userAgent());
		statement.setString(i++, record.peer());
		statement.setString(i++, record.instanceId());
		statement.setString(i++, record.traceId());
		statement.setString(i++, record.spanId());
		statement.setString(i++, record.parentRequestId());
		statement.setTimestamp(i++, Timestamp.from(record.createdAt()));
		statement.setTimestamp(i++, Timestamp.from(record.completedAt()));
		return i;
	}

	/** The caller's id as a number, when it is one (an application's own users may use others). */
	static Long numericOrNull(String id) {
		if (id == null || id.isEmpty() || id.length() > 18) {
			return null;
		}
		for (int i = 0; i < id.length(); i++) {
			if (id.charAt(i) < '0' || id.charAt(i) > '9') {
				return null;
			}
		}
		return Long.valueOf(id);
	}

}
