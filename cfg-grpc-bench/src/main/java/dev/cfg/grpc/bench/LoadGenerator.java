package dev.cfg.grpc.bench;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import org.HdrHistogram.Histogram;

import dev.cfg.grpc.bench.api.BenchServiceGrpc;
import dev.cfg.grpc.bench.api.PingRequest;

/**
 * A closed-loop load generator on grpc-java's async calls: each of {@code concurrency} loops sends
 * the next call when the previous one ends. Every call's status code is counted (a gRPC error is
 * not a success, unlike in h2load), and latencies of calls after the warm-up go to a histogram.
 */
final class LoadGenerator {

	private final ManagedChannel channel;

	private final int concurrency;

	private final Metadata headers;

	LoadGenerator(ManagedChannel channel, int concurrency, Metadata headers) {
		this.channel = channel;
		this.concurrency = concurrency;
		this.headers = headers;
	}

	Result run(Duration warmup, Duration duration) throws InterruptedException {
		return run(BenchServiceGrpc.getPingMethod(), PingRequest.newBuilder().setText("ping").build(), warmup,
				duration);
	}

	/** The same load on any unary method. */
	<Q, R> Result run(MethodDescriptor<Q, R> method, Q request, Duration warmup, Duration duration)
			throws InterruptedException {
		return ClosedLoop.run(this.concurrency, warmup, duration, (ended) -> {
			ClientCall<Q, R> call = this.channel.newCall(method,
					CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS));
			ClientCalls.asyncUnaryCall(new HeaderCall<>(call, this.headers), request, new StreamObserver<>() {
				@Override
				public void onNext(R value) {
				}

				@Override
				public void onError(Throwable t) {
					ended.accept(Status.fromThrowable(t).getCode());
				}

				@Override
				public void onCompleted() {
					ended.accept(Status.Code.OK);
				}
			});
		});
	}

	/** Sends fixed headers (the token) with a call. */
	private static final class HeaderCall<ReqT, RespT> extends io.grpc.ForwardingClientCall.SimpleForwardingClientCall<ReqT, RespT> {

		private final Metadata extra;

		HeaderCall(ClientCall<ReqT, RespT> delegate, Metadata extra) {
			super(delegate);
			this.extra = extra;
		}

		@Override
		public void start(Listener<RespT> listener, Metadata headers) {
			headers.merge(this.extra);
			super.start(listener, headers);
		}

	}

	/**
	 * One scenario's figures.
	 *
	 * @param qps successful and failed calls per second in the measured window
	 * @param p50 median latency, ms
	 * @param p90 90th percentile, ms
	 * @param p99 99th percentile, ms
	 * @param max slowest call, ms
	 * @param calls every call made, warm-up included
	 * @param codes how many calls ended with each status code
	 */
	record Result(double qps, double p50, double p90, double p99, double max, long calls, Map<Status.Code, Long> codes) {

		/** The figures of a measured window: its latencies (µs), its length, and the calls counted. */
		static Result of(Histogram latencies, Duration window, long calls, Map<Status.Code, AtomicLong> codes) {
			Map<Status.Code, Long> counted = new EnumMap<>(Status.Code.class);
			codes.forEach((code, count) -> {
				if (count.get() > 0) {
					counted.put(code, count.get());
				}
			});
			return new Result(latencies.getTotalCount() / (window.toNanos() / 1e9),
					latencies.getValueAtPercentile(50) / 1000.0, latencies.getValueAtPercentile(90) / 1000.0,
					latencies.getValueAtPercentile(99) / 1000.0, latencies.getMaxValue() / 1000.0, calls, counted);
		}

	}

}
