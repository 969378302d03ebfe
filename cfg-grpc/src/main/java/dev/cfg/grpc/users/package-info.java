/**
 * The built-in user store, like Django's auth app: {@link dev.cfg.grpc.users.UserStore}, in plain
 * JDBC, with its users read as {@link dev.cfg.grpc.users.UserAccount}; API keys
 * ({@link dev.cfg.grpc.users.ApiKeyStore}); and the HTTP token endpoints with their login
 * throttle (internal).
 */
package dev.cfg.grpc.users;
