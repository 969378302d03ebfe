package dev.cfg.grpc.auth;

/**
 * Published when a user changes, so that cached principals of that user are dropped at once
 * instead of when their time to live ends.
 *
 * @param userId the user's id, as tokens carry it
 */
public record UserChangedEvent(String userId) {
}
