package dev.roomcast.delivery;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import dev.roomcast.protocol.EncodedMessage;

/**
 * One outgoing message as a complete WebSocket text frame (header and payload) in one pooled
 * direct buffer, built once and shared: every recipient gets a retained duplicate of the same
 * bytes, so a fan-out to N connections copies nothing N times. Server frames are unmasked, which
 * is what makes the bytes identical for everyone. The deliverer releases it when the loop is done.
 */
public final class SharedFrame {

    private final EncodedMessage message;
    private ByteBuf frame; // built on first use, by the delivering thread

    private SharedFrame(EncodedMessage message) {
        this.message = message;
    }

    public static SharedFrame of(EncodedMessage message) {
        return new SharedFrame(message);
    }

    public EncodedMessage message() {
        return message;
    }

    /** Frame bytes on the wire (header included), for queue accounting. */
    public int wireSize() {
        int length = message.size();
        return length + (length < 126 ? 2 : length <= 0xFFFF ? 4 : 10);
    }

    /** A duplicate the caller owns: Netty releases it once written; release it yourself if you do not write it. */
    ByteBuf retainedFrame() {
        if (frame == null) {
            frame = encode(message.utf8());
        }
        return frame.retainedDuplicate();
    }

    public void release() {
        if (frame != null) {
            frame.release();
            frame = null;
        }
    }

    private static ByteBuf encode(byte[] payload) {
        int length = payload.length;
        ByteBuf buf = ByteBufAllocator.DEFAULT.directBuffer(length + 10);
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
        return buf.writeBytes(payload);
    }
}
