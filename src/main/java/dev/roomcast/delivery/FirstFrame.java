package dev.roomcast.delivery;

import dev.roomcast.protocol.EncodedMessage;

/**
 * A place kept at the head of a connection's queue for a frame not known yet (the {@code welcome}, which waits for
 * the user's streams): everything sent or replayed meanwhile is written after it, in order. Sent once.
 */
@FunctionalInterface
public interface FirstFrame {

    void send(EncodedMessage first);
}
