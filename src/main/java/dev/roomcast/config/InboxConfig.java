package dev.roomcast.config;

import java.time.Duration;
import java.util.OptionalLong;

import io.smallrye.config.WithDefault;

/** Each user's inbox: the private messages kept for resuming and for users who are offline (docs/protocol.md). */
public interface InboxConfig {
    /** Private messages kept per user; 0 turns the inbox off (privates to users not connected are refused). */
    @WithDefault("100")
    int size();

    /** An inbox expires this long after its last message or the last connect of its user; its epoch then changes. */
    @WithDefault("24h")
    Duration ttl();

    /**
     * With Redis: an inbox whose user has not connected within {@link #ttl} (maybe nobody: a made-up id) keeps its
     * messages only this long, until the user connects. Redis has no budget of its own, and a client may send to
     * any id. Memory mode bounds all inboxes by {@link #maxBytes} instead.
     */
    @WithDefault("5m")
    Duration unseenTtl();

    /** Most bytes of messages one inbox holds, in memory and in Redis; the oldest go first. */
    @WithDefault("262144")
    long maxUserBytes();

    /**
     * Memory mode: most bytes all inboxes may take on this instance; past it, whole inboxes go, least recently
     * written first (a user who is connected keeps its epoch). Unset: a sixteenth of the maximum heap.
     */
    OptionalLong maxBytes();
}
