/**
 * The gRPC server as {@code cfg.grpc.server.*} describes it, on Spring Boot's: discovery of
 * services, the worker executor, response compression, reflection v1alpha,
 * per-service health and the startup report. Public: {@link dev.cfg.grpc.server.ServiceRegistry}
 * (what is served) and the auto-configurations; the rest is package-private, and
 * {@code server.internal} is the service package's door, not API.
 */
package dev.cfg.grpc.server;
