/**
 * Per-caller rate limits ({@code cfg.grpc.rate-limit.*}): a stage right after auth takes one call
 * from the caller's bucket (Bucket4j) and refuses the call with RESOURCE_EXHAUSTED when it is
 * empty, telling the client when to retry. Buckets live in memory by default; an application
 * with a fleet behind a load balancer declares its own {@link dev.cfg.grpc.limits.CallerBuckets}
 * over a shared store.
 */
package dev.cfg.grpc.limits;
