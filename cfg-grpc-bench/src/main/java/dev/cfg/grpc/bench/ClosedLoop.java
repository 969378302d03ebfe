package dev.cfg.grpc.bench;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.grpc.Status;
import org.HdrHistogram.Recorder;

/**
 * Closed-loop load, whatever carries the calls: each of the callers starts its next call as soon as
 * its previous one has ended, until the time is up. Latencies are recorded only for calls started
 * after the warm-up and ended within the measured window; every call's status is counted.
 */
final class ClosedLoop {

	private final Recorder recorder = new Recorder(3);

	private final Map<Status.Code, AtomicLong> codes = new EnumMap<>(Status.Code.class);

	private final AtomicLong calls = new AtomicLong();

	private final Caller caller;

	private long measureFrom;

	private long end;

	private CountDownLatch loops;

	private ClosedLoop(Caller caller) {
		this.caller = caller;
		for (Status.Code code : Status.Code.values()) {
			this.codes.put(code, new AtomicLong());
		}
	}

	/**
	 * Runs the load.
	 * @param concurrency callers
	 * @param warmup time before the measured window
	 * @param duration the measured window
	 * @param caller starts one call
	 * @return the measured window's figures
	 */
	static LoadGenerator.Result run(int concurrency, Duration warmup, Duration duration, Caller caller)
			throws InterruptedException {
		ClosedLoop loop = new ClosedLoop(caller);
		loop.measureFrom = System.nanoTime() + warmup.toNanos();
		loop.end = loop.measureFrom + duration.toNanos();
		loop.loops = new CountDownLatch(concurrency);
		for (int i = 0; i < concurrency; i++) {
			loop.next();
		}
		loop.loops.await(duration.toSeconds() + warmup.toSeconds() + 60, TimeUnit.SECONDS);
		return LoadGenerator.Result.of(loop.recorder.getIntervalHistogram(), duration, loop.calls.get(), loop.codes);
	}

	/**
	 * Runs the load with one thread per caller, each making its calls one after the other: for a
	 * client that blocks until its answer has arrived.
	 * @param concurrency callers, and threads
	 * @param warmup time before the measured window
	 * @param duration the measured window
	 * @param callers makes each thread's caller, on that thread
	 * @return the measured window's figures
	 */
	static LoadGenerator.Result runBlocking(int concurrency, Duration warmup, Duration duration,
			Supplier<BlockingCaller> callers) throws InterruptedException {
		ClosedLoop loop = new ClosedLoop(null);
		loop.measureFrom = System.nanoTime() + warmup.toNanos();
		loop.end = loop.measureFrom + duration.toNanos();
		loop.loops = new CountDownLatch(concurrency);
		for (int i = 0; i < concurrency; i++) {
			Thread thread = new Thread(() -> {
				try {
					BlockingCaller caller = callers.get();
					for (long sent = System.nanoTime(); sent < loop.end; sent = System.nanoTime()) {
						loop.calls.incrementAndGet();
						loop.ended(sent, caller.call());
					}
				}
				finally {
					loop.loops.countDown();
				}
			}, "caller-" + i);
			thread.setDaemon(true);
			thread.start();
		}
		loop.loops.await(duration.toSeconds() + warmup.toSeconds() + 60, TimeUnit.SECONDS);
		return LoadGenerator.Result.of(loop.recorder.getIntervalHistogram(), duration, loop.calls.get(), loop.codes);
	}

	private void next() {
		long sent = System.nanoTime();
		if (sent >= this.end) {
			this.loops.countDown();
			return;
		}
		this.calls.incrementAndGet();
		this.caller.call((code) -> {
			ended(sent, code);
			next();
		});
	}

	private void ended(long sent, Status.Code code) {
		long now = System.nanoTime();
		this.codes.get(code).incrementAndGet();
		if (sent >= this.measureFrom && now <= this.end) {
			this.recorder.recordValue(Math.max(1, (now - sent) / 1000));
		}
	}

	/** Starts one call and says, once, how it ended. */
	@FunctionalInterface
	interface Caller {

		void call(Consumer<Status.Code> ended);

	}

	/** Makes one call and returns how it ended. */
	@FunctionalInterface
	interface BlockingCaller {

		Status.Code call();

	}

}
