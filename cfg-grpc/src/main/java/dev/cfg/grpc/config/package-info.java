/**
 * Typed configuration under {@code cfg.grpc}: {@link dev.cfg.grpc.config.CfgGrpcProperties}
 * (public, bound and checked at startup), the bridge onto Spring Boot's
 * {@code spring.grpc.server.*}, the failure analyzer that prints a bad setting as one line, and
 * {@link dev.cfg.grpc.config.ConditionalOnCfgGrpcEnabled}, the switch every feature carries.
 */
package dev.cfg.grpc.config;
