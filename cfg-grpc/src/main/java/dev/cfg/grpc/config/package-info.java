/**
 * Typed configuration under {@code cfg.grpc}: {@link dev.cfg.grpc.config.CfgGrpcProperties}
 * (public, bound and checked at startup), {@link dev.cfg.grpc.config.CfgGrpcConfigException} (a
 * bad setting, named), {@link dev.cfg.grpc.config.ConditionalOnCfgGrpcEnabled} (the switch every
 * feature carries) and the auto-configuration. The bridge onto Spring Boot's
 * {@code spring.grpc.server.*}, the unknown-key check and the failure analyzers that print a bad
 * setting as one line are package-private; {@code config.internal} holds what cfg-grpc's own
 * packages share, not API.
 */
package dev.cfg.grpc.config;
