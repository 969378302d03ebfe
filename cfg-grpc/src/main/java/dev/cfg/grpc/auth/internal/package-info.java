/**
 * Not API: what cfg-grpc's HTTP side shares with the auth stage. Public only because Java has no
 * other way across packages; applications must not use these types, which may change in any
 * release.
 */
package dev.cfg.grpc.auth.internal;
