package dev.cfg.grpc.pipeline.internal;

import java.util.Collection;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongFunction;

import org.apache.commons.logging.Log;

/**
 * The bounded queue between a call's thread and work done after the call (writing its log row,
 * delivering its event): the call's thread never waits; what does not fit is dropped, counted and
 * reported in a warning at most once a minute, so a slow consumer slows nothing but itself. One
 * kind of queue for every such hand-off; its consumers take from it on threads of their own.
 *
 * @param <T> what is queued
 */
public final class DroppingQueue<T> {

	private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

	private final BlockingQueue<T> queue;

	private final Log logger;

	private final LongFunction<String> warning;

	/** Counted on every call's thread at once, so an adder rather than one contended number. */
	private final LongAdder accepted = new LongAdder();

	private final AtomicLong dropped = new AtomicLong();

	private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

	/**
	 * @param capacity items waiting at most
	 * @param logger where the warning goes
	 * @param warning the warning, given how many items were dropped so far
	 */
	public DroppingQueue(int capacity, Log logger, LongFunction<String> warning) {
		this.queue = new ArrayBlockingQueue<>(capacity);
		this.logger = logger;
		this.warning = warning;
	}

	/**
	 * Queues an item without waiting, or drops and counts it when the queue is full.
	 * @param item the item
	 * @return whether it was queued
	 */
	public boolean offer(T item) {
		if (this.queue.offer(item)) {
			this.accepted.increment();
			return true;
		}
		long total = this.dropped.incrementAndGet();
		long now = System.nanoTime();
		long last = this.lastWarning.get();
		if (now - last >= WARN_EVERY_NANOS && this.lastWarning.compareAndSet(last, now)) {
			this.logger.warn(this.warning.apply(total));
		}
		return false;
	}

	/**
	 * Takes the next item, waiting up to a time for one.
	 * @param timeout how long to wait
	 * @param unit its unit
	 * @return the item, or null when none came in time
	 * @throws InterruptedException when interrupted while waiting
	 */
	public T poll(long timeout, TimeUnit unit) throws InterruptedException {
		return this.queue.poll(timeout, unit);
	}

	/**
	 * Takes the next item without waiting.
	 * @return the item, or null when the queue is empty
	 */
	public T poll() {
		return this.queue.poll();
	}

	/**
	 * Moves waiting items into a collection.
	 * @param into where they go
	 * @param most how many at most
	 * @return how many were moved
	 */
	public int drainTo(Collection<? super T> into, int most) {
		return this.queue.drainTo(into, most);
	}

	/**
	 * Items waiting.
	 * @return how many
	 */
	public int size() {
		return this.queue.size();
	}

	/**
	 * Whether nothing is waiting.
	 * @return true when empty
	 */
	public boolean isEmpty() {
		return this.queue.isEmpty();
	}

	/**
	 * Items queued since the start.
	 * @return how many
	 */
	public long accepted() {
		return this.accepted.sum();
	}

	/**
	 * Items dropped because the queue was full.
	 * @return how many
	 */
	public long dropped() {
		return this.dropped.get();
	}

}
