package dev.cfg.grpc.log;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.cfg.grpc.pipeline.internal.DroppingQueue;

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

	/** The name of the writer threads: the first's, and the others' with {@code -2}, {@code -3}... */
	public static final String THREAD_NAME = "cfg-grpc-request-log";

	/** How often a batch that is filling looks at the queue again. */
	private static final long FILL_STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

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

	/** Records waiting; the log is drained when each record it took is written or set aside. */
	private final DroppingQueue<RequestLogRecord> queue;

	private final int batchSize;

	/** Writer threads; 0 until {@link #start} when the database is to choose ({@link #AUTOMATIC}). */
	private volatile int writers;

	/** As the writer count: one writer per database kind, chosen at start ({@link #defaultWriters}). */
	static final int AUTOMATIC = 0;

	private final long flushNanos;


	private final AtomicLong written = new AtomicLong();


	private final AtomicLong failedAttempts = new AtomicLong();

	private final AtomicLong rejected = new AtomicLong();

	private final LongConsumer batchNanos;


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
		this.queue = new DroppingQueue<>(capacity, logger, (dropped) -> "Request log queue is full (" + capacity
				+ " records waiting; is the database down?): dropped " + dropped + " records so far");
		this.batchSize = batchSize;
		this.batchNanos = batchNanos;
	}

	/**
	 * Queues a record without waiting; when the queue is full the record is dropped and counted.
	 * Not public: rows come from calls the server ended, never from application code.
	 * @param record the finished call
	 */
	void offer(RequestLogRecord record) {
		this.queue.offer(record);
	}

	/** Records written so far. */
	public long written() {
		return this.written.get();
	}

	/** Records dropped because the queue was full. */
	public long dropped() {
		return this.queue.dropped();
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
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
		while (System.nanoTime() - deadline < 0) {
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
		return done >= this.queue.accepted();
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

	/** Writes a batch with its totals in one transaction: by COPY on PostgreSQL, else by {@link LogInserts}. */
	private void write(List<RequestLogRecord> batch) {
		this.jdbc.execute((java.sql.Connection connection) -> {
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			try {
				if (copies(connection)) {
					PostgresCopy.copy(connection, batch);
				}
				else {
					LogInserts.insert(connection, batch);
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

}
