package dev.roomcast.config;

import java.time.Duration;
import java.util.OptionalLong;

import io.smallrye.config.WithDefault;

/** Where each user has read up to, per room and in the inbox, shared by all of the user's connections. */
public interface ReadPositionsConfig {
    /** Rooms a user keeps a read position for; past it, the least recently updated one goes. */
    @WithDefault("200")
    int maxRooms();

    /** A user's read positions expire this long after the user last marked something read. */
    @WithDefault("30d")
    Duration ttl();

    /**
     * Memory mode: most bytes all users' read positions may take on this instance; past it, the users who marked
     * something read least recently lose theirs. Unset: a sixty-fourth of the maximum heap.
     */
    OptionalLong maxBytes();
}
