/**
 * The pipeline every call goes through, the one per-call context, and the one way a call ends.
 * <p>
 * Public API: {@link dev.cfg.grpc.pipeline.CallContext} (everything known about the call being
 * served: request id, method, caller, flags, traffic; service code adds trailers through it),
 * {@link dev.cfg.grpc.pipeline.CallCompleted} (the one value of a finished call, handed to
 * observers and published as an event), {@link dev.cfg.grpc.pipeline.CallObserver} (to be told of
 * every call), {@link dev.cfg.grpc.pipeline.Refusal} (every status cfg-grpc ends calls with),
 * {@link dev.cfg.grpc.pipeline.RequestIds}, {@link dev.cfg.grpc.pipeline.CallOutcome},
 * {@link dev.cfg.grpc.pipeline.CallerIdentity}, {@link dev.cfg.grpc.pipeline.ActiveCalls} (calls
 * in flight), {@link dev.cfg.grpc.pipeline.ServerInstance} (this process) and
 * {@link dev.cfg.grpc.pipeline.PipelineOrder} (where each stage runs). The observe stage itself
 * (interceptor, closing call, stream tracer, unknown-method handler, guarded parsing, metrics,
 * events) is package-private; {@code pipeline.internal} is the other stages' door, not API.
 * <p>
 * This package depends on {@code config} only; every other stage depends on it.
 */
package dev.cfg.grpc.pipeline;
