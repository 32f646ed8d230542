package dev.roomcast.fanout;

import dev.roomcast.protocol.EncodedMessage;

/**
 * Carries encoded messages to their recipients on every instance of the service, this one
 * included. The in-memory implementation serves a single instance; a Redis implementation
 * spreads the same calls across instances. Calls never block the caller.
 */
public interface Fanout {

    /** To every connection in the room, except the connection {@code exceptSessionId} (may be null). */
    void toRoom(String room, EncodedMessage message, String exceptSessionId);

    /** To every connection of the user. */
    void toUser(String user, EncodedMessage message);

    /** To every connection. */
    void toAll(EncodedMessage message);
}
