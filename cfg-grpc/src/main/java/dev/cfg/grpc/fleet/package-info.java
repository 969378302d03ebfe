/**
 * The server instance table ({@code cfg_grpc_server_instance}): every running server keeps a row
 * with a heartbeat and marks it stopped at a clean shutdown; a row whose heartbeat stops is claimed
 * once, by another instance or the next one, and reported with how much of the request log its end
 * may have cut short. {@link dev.cfg.grpc.fleet.ServerInstances} reads the table; the rest is
 * internal.
 */
package dev.cfg.grpc.fleet;
