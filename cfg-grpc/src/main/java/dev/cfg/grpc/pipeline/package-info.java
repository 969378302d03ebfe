/**
 * The pipeline every call goes through, and the one per-call context.
 * <p>
 * Public API: {@link dev.cfg.grpc.pipeline.CallContext} (everything known about the call being
 * served: request id, method, caller, flags, traffic, and when it has ended its final status),
 * {@link dev.cfg.grpc.pipeline.RequestIds}, {@link dev.cfg.grpc.pipeline.CallOutcome},
 * {@link dev.cfg.grpc.pipeline.CallObserver} (to be told of every call),
 * {@link dev.cfg.grpc.pipeline.ActiveCalls} (calls in flight), {@link dev.cfg.grpc.pipeline.PipelineOrder}
 * (where each stage runs), {@link dev.cfg.grpc.pipeline.CallerIdentity} and
 * {@link dev.cfg.grpc.pipeline.AroundEveryCallback} (for stages that fill the context), and
 * {@link dev.cfg.grpc.pipeline.MalformedRequests} (how served services parse requests). The observe
 * stage itself (interceptor, stream tracer, unknown-method handler, metrics) is internal.
 * <p>
 * This package depends on {@code config} only; every other stage depends on it.
 */
package dev.cfg.grpc.pipeline;
