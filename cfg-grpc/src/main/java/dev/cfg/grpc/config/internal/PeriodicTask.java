package dev.cfg.grpc.config.internal;

import java.time.Duration;
import java.time.Instant;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Background housekeeping of cfg-grpc's features (deleting old request log records, writing API
 * key use), run on a Spring {@link ThreadPoolTaskScheduler} of its own with one daemon thread, from
 * when the application starts until it stops. It is not a {@code TaskScheduler} bean, so it never
 * stands in for the application's own scheduler.
 */
public final class PeriodicTask implements SmartLifecycle {

	private final String name;

	private final Duration initialDelay;

	private final Duration delay;

	private final Runnable task;

	private final Runnable atStop;

	private final int phase;

	private volatile ThreadPoolTaskScheduler scheduler;

	/**
	 * A task run again a fixed time after each run ends.
	 * @param name the thread's name
	 * @param initialDelay the time before the first run
	 * @param delay the time between the end of one run and the start of the next
	 * @param task what to run; it should catch and report its own failures
	 * @param atStop what to run once more when the application stops, or null
	 * @param phase the lifecycle phase: a task stopped after the gRPC server takes a higher one
	 */
	public PeriodicTask(String name, Duration initialDelay, Duration delay, Runnable task, Runnable atStop, int phase) {
		this.name = name;
		this.initialDelay = initialDelay;
		this.delay = delay;
		this.task = task;
		this.atStop = atStop;
		this.phase = phase;
	}

	@Override
	public void start() {
		ThreadPoolTaskScheduler threads = new ThreadPoolTaskScheduler();
		threads.setThreadNamePrefix(this.name + "-");
		threads.setDaemon(true);
		threads.initialize();
		threads.scheduleWithFixedDelay(this.task, Instant.now().plus(this.initialDelay), this.delay);
		this.scheduler = threads;
	}

	@Override
	public void stop() {
		ThreadPoolTaskScheduler threads = this.scheduler;
		this.scheduler = null;
		if (threads != null) {
			threads.shutdown();
		}
		if (this.atStop != null) {
			this.atStop.run();
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

}
