/**
 * The command line of an application jar: {@link dev.cfg.grpc.cli.CfgGrpcApplication} is its entry
 * point and dispatches to the picocli commands ({@code rungrpc}, {@code check},
 * {@code createsuperuser}, {@code token}, {@code apikey}, {@code cleanup-logs}). The commands
 * themselves are internal.
 */
package dev.cfg.grpc.cli;
