/**
 * Not API: the pieces of configuration cfg-grpc's own packages share (address ranges of trusted
 * proxies, classes named in settings, the nearest name for a typo, housekeeping on a scheduler of
 * its own). Public only because Java has no other way across packages; applications must not use
 * these types, which may change in any release.
 */
package dev.cfg.grpc.config.internal;
