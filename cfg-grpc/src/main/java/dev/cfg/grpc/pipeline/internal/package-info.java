/**
 * Not API: the doors between cfg-grpc's own packages into the pipeline. Public only because Java
 * has no other way across packages; applications must not use these types, which may change in
 * any release. {@code PublicSurfaceTest} allows public types here and nowhere else outside the API.
 */
package dev.cfg.grpc.pipeline.internal;
