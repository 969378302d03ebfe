/**
 * The built-in user store, like Django's auth app: {@link dev.cfg.grpc.users.UserStore} over the
 * JPA entities {@link dev.cfg.grpc.users.UserAccount}, {@link dev.cfg.grpc.users.UserGroup} and
 * {@link dev.cfg.grpc.users.Permission}; API keys ({@link dev.cfg.grpc.users.ApiKeyStore}); and the
 * HTTP token endpoints with their login throttle (internal).
 */
package dev.cfg.grpc.users;
