/**
 * Authentication of gRPC calls: bearer tokens (JWTs verified through Spring Security) and API
 * keys, resolved to the application's users.
 * <p>
 * Public API: {@link dev.cfg.grpc.auth.CurrentCaller} and {@link dev.cfg.grpc.auth.CallPrincipal}
 * (who is calling), {@link dev.cfg.grpc.auth.TokenIssuer} (minting tokens),
 * {@link dev.cfg.grpc.auth.UserResolver} (the SPI an application implements to bring its own
 * users), {@link dev.cfg.grpc.auth.ApiKeyCheck} (the SPI of a key store of its own),
 * {@link dev.cfg.grpc.auth.UserChangedEvent} and {@link dev.cfg.grpc.auth.LoginThrottledException}.
 * The auth stage of the pipeline, the one reader of the bearer header, token verification and the
 * principal cache are package-private; {@code auth.internal} is the HTTP side's door, not API.
 */
package dev.cfg.grpc.auth;
