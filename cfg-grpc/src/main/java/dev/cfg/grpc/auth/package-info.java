/**
 * Authentication of gRPC calls: bearer tokens (JWTs verified through Spring Security) and API
 * keys, resolved to the application's users.
 * <p>
 * Public API: {@link dev.cfg.grpc.auth.CurrentCaller} and {@link dev.cfg.grpc.auth.CallPrincipal}
 * (who is calling), {@link dev.cfg.grpc.auth.TokenIssuer} (minting tokens),
 * {@link dev.cfg.grpc.auth.UserResolver} (the SPI an application implements to bring its own
 * users) and {@link dev.cfg.grpc.auth.UserChangedEvent}. {@link dev.cfg.grpc.auth.ApiKeyCheck} and
 * {@link dev.cfg.grpc.auth.BearerAuthentication} are for cfg-grpc's own packages. The auth stage
 * of the pipeline, token verification and the principal cache are internal.
 */
package dev.cfg.grpc.auth;
