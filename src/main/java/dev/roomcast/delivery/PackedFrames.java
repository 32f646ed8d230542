package dev.roomcast.delivery;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The opt-in batched format ({@code ?batch=1}): the frames waiting for one flush go out as one text
 * frame holding a JSON array of the messages, in order, instead of one frame each. The client parses
 * one frame instead of many; the messages' bytes are copied as they are (each is one JSON object, so
 * the array is valid JSON). A packed frame holds at most {@link #MAX_PAYLOAD} bytes; a message that
 * is larger on its own goes out as its usual frame.
 */
final class PackedFrames {

    /** The most payload one packed frame carries, brackets and commas included. */
    static final int MAX_PAYLOAD = 64 * 1024;

    private PackedFrames() {
    }

    /**
     * Writes {@code count} complete frames (header and payload, {@code bytes} in all) as packed frames
     * into one new buffer. The frames' indexes are not moved.
     */
    static ByteBuf pack(ByteBufAllocator alloc, ByteBuf[] frames, int count, int bytes) {
        ByteBuf out = alloc.directBuffer(bytes + 16 * (1 + bytes / MAX_PAYLOAD));
        int first = 0;
        while (first < count) {
            int end = first;
            int payload = 1; // '['
            while (end < count) {
                int next = payloadLength(frames[end]) + 1; // and its ',' or the closing ']'
                if (end > first && payload + next > MAX_PAYLOAD) {
                    break;
                }
                payload += next;
                end++;
            }
            if (end - first == 1) {
                ByteBuf frame = frames[first];
                out.writeBytes(frame, frame.readerIndex(), frame.readableBytes());
            } else {
                SharedFrame.writeHeader(out, payload);
                out.writeByte('[');
                for (int i = first; i < end; i++) {
                    ByteBuf frame = frames[i];
                    int length = payloadLength(frame);
                    out.writeBytes(frame, frame.readerIndex() + frame.readableBytes() - length, length);
                    out.writeByte(i + 1 < end ? ',' : ']');
                }
            }
            first = end;
        }
        return out;
    }

    /** The payload length of a complete, unmasked frame, read from its header. */
    private static int payloadLength(ByteBuf frame) {
        int length7 = frame.getByte(frame.readerIndex() + 1) & 0x7F;
        int header = length7 < 126 ? 2 : length7 == 126 ? 4 : 10;
        return frame.readableBytes() - header;
    }
}
