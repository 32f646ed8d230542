package dev.roomcast.config;

import java.time.Duration;

import io.smallrye.config.WithDefault;

/** The one broadcast stream every connection follows: broadcasts kept for resuming (docs/protocol.md). */
public interface BroadcastsConfig {
    /** Broadcasts kept; 0 turns the stream off (broadcasts then have no offset and no history). */
    @WithDefault("100")
    int size();

    /** The stream expires this long after its last broadcast or the last connect; its epoch then changes. */
    @WithDefault("24h")
    Duration ttl();

    /** Most bytes of broadcasts kept; the oldest go first. */
    @WithDefault("524288")
    long maxBytes();
}
