/**
 * The monitoring REST API at {@code /cfg/grpc/monitor/}: an HTTP face over
 * {@link dev.cfg.grpc.log.RequestLog} and {@link dev.cfg.grpc.pipeline.ActiveCalls}. Its public API
 * is the HTTP API (docs/monitoring.md); the classes are internal apart from the auto-configuration.
 */
package dev.cfg.grpc.monitor;
