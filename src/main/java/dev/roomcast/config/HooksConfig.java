package dev.roomcast.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Hooks (docs/hooks.md): Roomcast asks the application's backend, over HTTP, whether a connection, a join or a
 * room message may go ahead. Each hook is off until its URL is set; a hook that is off costs nothing.
 */
@ConfigMapping(prefix = "roomcast.hooks")
public interface HooksConfig {

    /** Asked after authentication, before the WebSocket upgrade completes; may replace the room grants. */
    Optional<String> connectUrl();

    /** Asked before each join (also the rooms named at connect). */
    Optional<String> joinUrl();

    /** Asked before each room message from a client (not API publishes); may rewrite it and attach meta. */
    Optional<String> publishUrl();

    /** Keys the HMAC-SHA256 in {@code X-Roomcast-Signature}; required when any hook URL is set. */
    Optional<String> secret();

    /** How long Roomcast waits for an answer (including a wait for a pooled connection). */
    @WithDefault("1s")
    Duration timeout();

    /** What a failed or timed-out connect hook means: {@code deny} (503 hook_failed) or {@code allow}. */
    @WithDefault("deny")
    FailurePolicy connectOnFailure();

    /** What a failed or timed-out join hook means: {@code deny} (error hook_failed) or {@code allow}. */
    @WithDefault("deny")
    FailurePolicy joinOnFailure();

    /** What a failed or timed-out publish hook means: {@code allow} (published unchanged) or {@code deny}. */
    @WithDefault("allow")
    FailurePolicy publishOnFailure();

    /** Hook calls one instance has open at once, all hooks together; beyond, requests are refused with hook_busy. */
    @WithDefault("1000")
    int maxInFlight();

    /** Keep-alive HTTP connections to the hook backend, per instance. */
    @WithDefault("50")
    int poolSize();

    /**
     * Largest answer body read from the backend; a larger one counts as a failed call. Room enough for a replaced
     * content of {@code limits.max-content-bytes} and its meta; times {@link #maxInFlight} is the most answers take.
     */
    @WithDefault("65536")
    int maxAnswerBytes();

    /** What a hook call that failed (no answer in time, not 200, not readable) stands for. */
    enum FailurePolicy {
        /** Refuse the request with {@code hook_failed}. */
        DENY,
        /** Go ahead as if the backend allowed it, unchanged. */
        ALLOW
    }
}
