package dev.roomcast.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.roomcast.protocol.EncodedMessage;
import dev.roomcast.protocol.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** How one flush's frames are packed: valid JSON arrays, in order, none over the limit, the frames untouched. */
class PackedFramesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void packsInOrderAndSplitsAtTheLimit() throws Exception {
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // 100, 30 KB, 100, 30 KB, ...: mixed header sizes, and more than one packed frame's worth
            messages.add("{\"n\":" + i + ",\"pad\":\"" + "x".repeat(i % 2 == 0 ? 100 : 30_000) + "\"}");
        }
        ByteBuf[] frames = messages.stream().map(PackedFramesTest::frame).toArray(ByteBuf[]::new);
        int bytes = 0;
        for (ByteBuf frame : frames) {
            bytes += frame.readableBytes();
        }

        ByteBuf out = PackedFrames.pack(ByteBufAllocator.DEFAULT, frames, frames.length, bytes);
        try {
            List<String> payloads = readFrames(out);
            List<Integer> order = new ArrayList<>();
            for (String payload : payloads) {
                assertTrue(payload.getBytes(StandardCharsets.UTF_8).length <= 64 * 1024, // the documented limit
                        "a frame of " + payload.length() + " bytes");
                JsonNode parsed = JSON.readTree(payload);
                if (parsed.isArray()) {
                    parsed.forEach(m -> order.add(m.get("n").asInt()));
                } else {
                    order.add(parsed.get("n").asInt());
                }
            }
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), order);
            assertEquals(2, payloads.size(), "0-4 fit in one packed frame (~60 KB), 5 and 6 in the next");
            for (int i = 0; i < frames.length; i++) {
                assertEquals(0, frames[i].readerIndex(), "frame " + i + " was moved");
            }
        } finally {
            out.release();
            for (ByteBuf frame : frames) {
                frame.release();
            }
        }
    }

    @Test
    void aSingleFrameGoesOutAsItIs() {
        ByteBuf frame = frame("{\"type\":\"pong\"}");
        ByteBuf out = PackedFrames.pack(ByteBufAllocator.DEFAULT, new ByteBuf[] { frame }, 1, frame.readableBytes());
        try {
            assertEquals(frame, out);
        } finally {
            out.release();
            frame.release();
        }
    }

    private static ByteBuf frame(String json) {
        SharedFrame shared = SharedFrame.of(new EncodedMessage(json.getBytes(StandardCharsets.UTF_8), MessageType.MESSAGE));
        ByteBuf copy = shared.bytes().copy();
        shared.release();
        return copy;
    }

    /** The payloads of the complete, unmasked text frames in {@code out}. */
    private static List<String> readFrames(ByteBuf out) {
        List<String> payloads = new ArrayList<>();
        int at = out.readerIndex();
        while (at < out.writerIndex()) {
            assertEquals(0x81, out.getByte(at) & 0xFF, "a final text frame");
            int length = out.getByte(at + 1) & 0x7F;
            int header = 2;
            if (length == 126) {
                length = out.getUnsignedShort(at + 2);
                header = 4;
            } else if (length == 127) {
                length = (int) out.getLong(at + 2);
                header = 10;
            }
            payloads.add(out.toString(at + header, length, StandardCharsets.UTF_8));
            at += header + length;
        }
        return payloads;
    }
}
