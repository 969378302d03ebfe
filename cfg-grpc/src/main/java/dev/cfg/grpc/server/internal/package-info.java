/**
 * Not API: what cfg-grpc's {@code service} package shares with the server's binding of services.
 * Public only because Java has no other way across packages; applications must not use these
 * types, which may change in any release.
 */
package dev.cfg.grpc.server.internal;
