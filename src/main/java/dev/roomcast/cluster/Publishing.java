package dev.roomcast.cluster;

import dev.roomcast.protocol.EncodedMessage;
import io.vertx.core.Future;

/**
 * Carries encoded messages to their recipients on every instance, this one included. The origin
 * delivers to its own connections at once; other instances get the same bytes. Nothing here
 * blocks: a returned future fails with {@code FanoutUnavailableException} when other instances
 * could not be reached (this instance's connections were still served). Room messages kept in
 * history go through {@link HistoryWriter} instead.
 */
public interface Publishing {

    /** To every connection in the room, except the connection {@code exceptSessionId} (may be null). */
    Future<Void> toRoom(String room, EncodedMessage message, String exceptSessionId);

    /** To every connection in the room except those of {@code exceptUser}: a notice about that user. */
    Future<Void> toRoomExceptUser(String room, EncodedMessage message, String exceptUser);

    /** To every connection of the user; completes with whether the user has any connection anywhere. */
    Future<Boolean> toUser(String user, EncodedMessage message);

    /** To every connection. */
    Future<Void> toAll(EncodedMessage message);
}
