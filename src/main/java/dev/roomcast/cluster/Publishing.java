package dev.roomcast.cluster;

import dev.roomcast.protocol.EncodedMessage;
import io.vertx.core.Future;

/**
 * Carries encoded messages to their recipients on every instance, this one included. The origin
 * delivers to its own connections at once; other instances get the same bytes. Nothing here
 * blocks: a returned future fails with {@code FanoutUnavailableException} when other instances
 * could not be reached (this instance's connections were still served).
 */
public interface Publishing {

    /** To every connection in the room, except the connection {@code exceptSessionId} (may be null). */
    Future<Void> toRoom(String room, EncodedMessage message, String exceptSessionId);

    /**
     * Appends a room message to the room's {@link History} and delivers it, stamped with its offset, on every
     * instance in offset order; completes with the offset. A repeat of (room, user, id) still in history is
     * neither appended nor delivered again and completes with the first offset ({@code id} may be null).
     * When other instances cannot be reached the message goes to this instance's connections without an offset
     * and the future fails with {@code FanoutUnavailableException}; {@code FanoutTimeoutException}: it may
     * still be appended and delivered.
     */
    Future<Long> toRoomInHistory(String room, EncodedMessage unstamped, String user, String id);

    /** To every connection in the room except those of {@code exceptUser}: a notice about that user. */
    Future<Void> toRoomExceptUser(String room, EncodedMessage message, String exceptUser);

    /** To every connection of the user; completes with whether the user has any connection anywhere. */
    Future<Boolean> toUser(String user, EncodedMessage message);

    /** To every connection. */
    Future<Void> toAll(EncodedMessage message);
}
