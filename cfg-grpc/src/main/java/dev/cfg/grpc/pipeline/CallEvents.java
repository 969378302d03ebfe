package dev.cfg.grpc.pipeline;

import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.ApplicationEventPublisher;

import dev.cfg.grpc.pipeline.internal.DroppingQueue;

/**
 * Publishes a {@link CallCompleted} for every ended call, off the call's thread: the observer only
 * puts the event in a {@link DroppingQueue}, and one thread of its own hands it to the
 * application's listeners. A listener that throws is logged and the next event goes on; when the
 * queue is full (listeners slower than the calls) the event is dropped and counted, and a warning
 * says so once a minute. Events still queued when the application stops are delivered first, for
 * up to 5 seconds.
 */
final class CallEvents implements CallObserver, InitializingBean, DisposableBean {

	private static final Log logger = LogFactory.getLog(CallEvents.class);

	private static final long STOP_WAIT_MILLIS = 5_000;

	private final ApplicationEventPublisher publisher;

	private final DroppingQueue<CallCompleted> queue;

	private final Thread delivery = new Thread(this::deliverUntilStopped, "cfg-grpc-call-events");

	private volatile boolean running = true;

	CallEvents(ApplicationEventPublisher publisher, int capacity) {
		this.publisher = publisher;
		this.queue = new DroppingQueue<>(capacity, logger, (dropped) -> "CallCompleted listeners are slower than the "
				+ "calls: " + dropped + " events dropped so far (the calls themselves were not affected)");
		this.delivery.setDaemon(true);
	}

	@Override
	public void afterPropertiesSet() {
		this.delivery.start();
	}

	@Override
	public void completed(CallCompleted call) {
		this.queue.offer(call);
	}

	private void deliverUntilStopped() {
		while (this.running || !this.queue.isEmpty()) {
			try {
				CallCompleted event = this.running ? this.queue.poll(200, TimeUnit.MILLISECONDS) : this.queue.poll();
				if (event != null) {
					deliver(event);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private void deliver(CallCompleted event) {
		try {
			this.publisher.publishEvent(event);
		}
		catch (RuntimeException ex) {
			logger.warn("A listener of CallCompleted failed on call " + event.requestId() + ": " + ex);
		}
	}

	/**
	 * Events dropped because the queue was full.
	 * @return the count since start
	 */
	long droppedEvents() {
		return this.queue.dropped();
	}

	@Override
	public void destroy() throws InterruptedException {
		// Not interrupted: a listener may be running. The thread sees the flag within its poll's wait.
		this.running = false;
		this.delivery.join(STOP_WAIT_MILLIS);
		if (this.delivery.isAlive()) {
			logger.warn("Stopped with " + this.queue.size() + " CallCompleted events undelivered");
		}
	}

}
