package dev.cfg.grpc.pipeline;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes a {@link CallCompleted} for every ended call, off the call's thread: the observer only
 * puts the event in a bounded queue, and one thread of its own hands it to the application's
 * listeners. A listener that throws is logged and the next event goes on; when the queue is full
 * (listeners slower than the calls) the event is dropped and counted, and a warning says so once a
 * minute. Events still queued when the application stops are delivered first, for up to 5 seconds.
 */
final class CallEvents implements CallObserver, DisposableBean {

	private static final Log logger = LogFactory.getLog(CallEvents.class);

	private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

	private final ApplicationEventPublisher publisher;

	private final ThreadPoolExecutor delivery;

	private final AtomicLong dropped = new AtomicLong();

	private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

	CallEvents(ApplicationEventPublisher publisher, int capacity) {
		this.publisher = publisher;
		this.delivery = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(capacity),
				(task) -> {
					Thread thread = new Thread(task, "cfg-grpc-call-events");
					thread.setDaemon(true);
					return thread;
				}, (task, executor) -> dropped());
	}

	@Override
	public void completed(CallCompleted call) {
		this.delivery.execute(() -> deliver(call));
	}

	private void deliver(CallCompleted event) {
		try {
			this.publisher.publishEvent(event);
		}
		catch (RuntimeException ex) {
			logger.warn("A listener of CallCompleted failed on call " + event.requestId() + ": " + ex);
		}
	}

	private void dropped() {
		long total = this.dropped.incrementAndGet();
		long now = System.nanoTime();
		long last = this.lastWarning.get();
		if (now - last >= WARN_EVERY_NANOS && this.lastWarning.compareAndSet(last, now)) {
			logger.warn("CallCompleted listeners are slower than the calls: " + total
					+ " events dropped so far (the calls themselves were not affected)");
		}
	}

	/**
	 * Events dropped because the queue was full.
	 * @return the count since start
	 */
	long droppedEvents() {
		return this.dropped.get();
	}

	@Override
	public void destroy() throws InterruptedException {
		this.delivery.shutdown();
		if (!this.delivery.awaitTermination(5, TimeUnit.SECONDS)) {
			logger.warn("Stopped with " + this.delivery.getQueue().size() + " CallCompleted events undelivered");
			this.delivery.shutdownNow();
		}
	}

}
