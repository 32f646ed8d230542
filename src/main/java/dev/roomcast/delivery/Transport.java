package dev.roomcast.delivery;

import java.util.List;

import dev.roomcast.protocol.CloseCode;
import dev.roomcast.protocol.EncodedMessage;

/** How a session reaches its client. Implementations never block the caller. */
public interface Transport {

    /** @return false when the message was dropped (the client is too slow or gone) */
    boolean send(EncodedMessage message);

    /** One recipient of a fan-out: the frame is shared, and released by the deliverer afterwards. */
    default boolean send(SharedFrame frame) {
        return send(frame.message());
    }

    /**
     * Messages from history, after everything sent so far, written as fast as the client reads them (not
     * counted against the slow-consumer bound); what is sent later follows them.
     */
    default void replay(List<EncodedMessage> messages) {
        messages.forEach(this::send);
    }

    /** How many bytes of replay this connection may be given now (see {@link #replay}); call on its loop. */
    default long replayRoom() {
        return Long.MAX_VALUE;
    }

    /**
     * Keeps the head of the queue for a frame given later: what is sent meanwhile waits behind it. Call on the
     * connection's loop before anything else is sent.
     */
    default FirstFrame reserveFirst() {
        return this::send;
    }

    /** Sends a WebSocket ping frame. */
    void ping();

    default void close(CloseCode code) {
        close(code.code(), code.reason());
    }

    /** Closes after the frames already queued; {@code reason} is at most 123 UTF-8 bytes. Nothing is sent after. */
    default void close(int code, String reason) {
        close(null, code, reason);
    }

    /** Sends {@code lastWords} (null: nothing) and closes; a replay still being written is cut short. */
    void close(EncodedMessage lastWords, int code, String reason);
}
