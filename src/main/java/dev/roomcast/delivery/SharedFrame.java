package dev.roomcast.delivery;

import java.util.Arrays;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;

import dev.roomcast.protocol.EncodedMessage;

/**
 * One outgoing message as a complete WebSocket text frame (header and payload) in one pooled
 * direct buffer, built once and shared: every recipient's outbox holds a reference to the same
 * bytes until its flush, so a fan-out to N connections encodes nothing N times. Server frames are unmasked, which
 * is what makes the bytes identical for everyone. Recipients on other event loops are collected per
 * loop ({@link LoopHandOver}) and handed over when the deliverer releases the frame, after its loop
 * over the recipients: one task per loop per message.
 */
public final class SharedFrame {

    /** A fan-out to at least this many connections may have its flushes spaced (see {@link FlushBatch}). */
    public static final int BIG_FANOUT = 32;

    private final EncodedMessage message;
    private final boolean bigFanout;
    private ByteBuf frame; // built on first use, by the delivering thread
    private LoopHandOver[] handOvers; // per other event loop; few loops, so a linear search
    private int loops;

    private SharedFrame(EncodedMessage message, boolean bigFanout) {
        this.message = message;
        this.bigFanout = bigFanout;
    }

    /** For one connection, or a few: flushed at the end of the event-loop turn. */
    public static SharedFrame of(EncodedMessage message) {
        return new SharedFrame(message, false);
    }

    /** For a fan-out to about {@code recipients} connections. */
    public static SharedFrame forFanout(EncodedMessage message, int recipients) {
        return new SharedFrame(message, recipients >= BIG_FANOUT);
    }

    /** Whether its flush may wait for more frames (a big fan-out), see {@link FlushBatch}. */
    boolean bigFanout() {
        return bigFanout;
    }

    public EncodedMessage message() {
        return message;
    }

    /** Frame bytes on the wire (header included), for queue accounting. */
    public int wireSize() {
        int length = message.size();
        return length + (length < 126 ? 2 : length <= 0xFFFF ? 4 : 10);
    }

    /** The shared frame bytes, built on first use; never move its indexes (read with absolute offsets or a duplicate). */
    ByteBuf bytes() {
        if (frame == null) {
            frame = encode(message.utf8());
        }
        return frame;
    }

    /** Adds a recipient living on another event loop; it is written when this frame is released. */
    void handOver(EventExecutor loop, Outbox recipient) {
        for (int i = 0; i < loops; i++) {
            if (handOvers[i].loop == loop) {
                handOvers[i].add(recipient);
                return;
            }
        }
        if (handOvers == null) {
            handOvers = new LoopHandOver[4];
        } else if (loops == handOvers.length) {
            handOvers = Arrays.copyOf(handOvers, loops * 2);
        }
        LoopHandOver handOver = new LoopHandOver(loop, bytes(), wireSize(), bigFanout);
        handOver.add(recipient);
        handOvers[loops++] = handOver;
    }

    /** The deliverer is done: hands the frame to the other loops' recipients and drops its own reference. */
    public void release() {
        for (int i = 0; i < loops; i++) {
            handOvers[i].dispatch();
            handOvers[i] = null;
        }
        loops = 0;
        if (frame != null) {
            frame.release();
            frame = null;
        }
    }

    /** A new frame of its own (one reference), for a message written to one connection only. */
    static ByteBuf frame(byte[] payload) {
        return encode(payload);
    }

    private static ByteBuf encode(byte[] payload) {
        ByteBuf buf = ByteBufAllocator.DEFAULT.directBuffer(payload.length + 10);
        writeHeader(buf, payload.length);
        return buf.writeBytes(payload);
    }

    /** The header of an unmasked, final text frame with a payload of {@code length} bytes. */
    static void writeHeader(ByteBuf buf, int length) {
        buf.writeByte(0x81); // FIN, text
        if (length < 126) {
            buf.writeByte(length);
        } else if (length <= 0xFFFF) {
            buf.writeByte(126);
            buf.writeShort(length);
        } else {
            buf.writeByte(127);
            buf.writeLong(length);
        }
    }
}
