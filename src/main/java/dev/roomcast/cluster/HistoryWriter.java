package dev.roomcast.cluster;

import dev.roomcast.protocol.EncodedMessage;
import io.vertx.core.Future;

/**
 * The writing side of {@link History}: a room message kept in history is appended and delivered in one step,
 * so every instance delivers the room's messages in offset order. Messages not kept in history go through
 * {@link Publishing}.
 */
public interface HistoryWriter {

    /**
     * Appends a room message to the room's {@link History} and delivers it, stamped with its offset, on every
     * instance in offset order; completes with the offset. A repeat of (room, user, id) still in history is
     * neither appended nor delivered again and completes with the first offset ({@code id} may be null).
     * When other instances cannot be reached the message goes to this instance's connections without an offset
     * and the future fails with {@code FanoutUnavailableException}; {@code FanoutTimeoutException}: it may
     * still be appended and delivered.
     */
    Future<Long> append(String room, EncodedMessage unstamped, String user, String id);
}
