package dev.roomcast.delivery;

import java.util.ArrayDeque;
import java.util.List;

import dev.roomcast.protocol.EncodedMessage;
import io.netty.buffer.ByteBuf;

/**
 * What one connection's {@link Outbox} holds back while a replay from history is written as the socket
 * drains: the replayed messages (framed only when their turn comes, so a long replay costs no buffers
 * up front) and the frames sent after them, which keep their order behind them. Event-loop confined.
 */
final class HeldBack {

    /** Moved into the channel at a time: a reader at socket speed never waits, a stalled one holds little. */
    static final int CHUNK_BYTES = 128 * 1024;

    /** The queue's owner takes a frame's reference; {@code counted}: the frame is in the bound's count. */
    interface Sink {
        void append(ByteBuf frame, boolean counted);
    }

    // EncodedMessage (replay), ByteBuf (live) or Reserved (the place of a first frame, see FirstFrame)
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    /** Bytes of replayed messages still held (the live frames behind them are counted by the outbox). */
    private long replayBytes;

    void replay(List<EncodedMessage> messages) {
        queue.addAll(messages);
        messages.forEach(message -> replayBytes += message.size());
    }

    /** The place of a frame not known yet: nothing behind it moves until it is filled. */
    static final class Reserved {
        EncodedMessage frame;
    }

    void reserve(Reserved place) {
        queue.add(place);
    }

    /** The head waits for a frame not known yet. */
    boolean blocked() {
        return queue.peek() instanceof Reserved place && place.frame == null;
    }

    long replayBytes() {
        return replayBytes;
    }

    /** A frame sent after the replay; this queue owns the reference given. */
    void behind(ByteBuf frame) {
        queue.add(frame);
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Hands about {@link #CHUNK_BYTES} to {@code sink}, in order. */
    void moveChunk(Sink sink) {
        int moved = 0;
        while (moved < CHUNK_BYTES && !queue.isEmpty() && !blocked()) {
            Object next = queue.poll();
            if (next instanceof Reserved place) {
                ByteBuf frame = SharedFrame.frame(place.frame.utf8());
                moved += frame.readableBytes();
                sink.append(frame, false);
            } else if (next instanceof EncodedMessage message) {
                replayBytes -= message.size();
                ByteBuf frame = SharedFrame.frame(message.utf8());
                moved += frame.readableBytes();
                sink.append(frame, false);
            } else {
                ByteBuf frame = (ByteBuf) next;
                moved += frame.readableBytes();
                sink.append(frame, true);
            }
        }
    }

    /** Drops everything (the connection is closing). @return the bytes of dropped frames that were counted */
    long discard() {
        long counted = 0;
        for (Object next : queue) {
            if (next instanceof ByteBuf frame) {
                counted += frame.readableBytes();
                frame.release();
            }
        }
        queue.clear();
        replayBytes = 0;
        return counted;
    }
}
