package dev.roomcast.loadgen;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;


/**
 * Counts room messages arriving at the generator's subscribers and records their end-to-end
 * latency: each message's content is the publisher's {@code System.nanoTime()} at sending (one
 * process, one clock). Reads the frame's bytes directly; no JSON parsing on the hot path. A packed
 * frame ({@code ?batch=1}: a JSON array of messages) is split into its messages.
 */
final class Probe {

    private static final byte[] MARKER = "\"content\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MESSAGE = "{\"type\":\"message\"".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] JOINED = "{\"type\":\"joined\"".getBytes(StandardCharsets.US_ASCII);

    final LongAdder received = new LongAdder();
    final LongAdder joined = new LongAdder();
    final LongAdder disconnects = new LongAdder();
    private final Recorder latencies = new Recorder(3_600_000_000L, 3); // microseconds, up to an hour

    /** The handler for one subscriber's frames. */
    RawClient.FrameHandler handler() {
        return this::onText;
    }

    /** Counts a subscriber's connection that ended. */
    void watch(RawClient client) {
        client.onClose(disconnects::increment);
    }

    private void onText(byte[] data, int offset, int length) {
        if (length > 0 && data[offset] == '[') {
            onPacked(data, offset, length);
        } else {
            onMessage(data, offset, length);
        }
    }

    /** The array's top-level objects, found by tracking nesting outside strings. */
    private void onPacked(byte[] data, int offset, int length) {
        int depth = 0;
        int start = 0;
        boolean inString = false;
        for (int i = offset + 1; i < offset + length - 1; i++) {
            byte b = data[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                if (depth++ == 0) {
                    start = i;
                }
            } else if ((b == '}' || b == ']') && --depth == 0) {
                onMessage(data, start, i + 1 - start);
            }
        }
    }

    private void onMessage(byte[] data, int offset, int length) {
        if (!startsWith(data, offset, length, MESSAGE)) {
            if (startsWith(data, offset, length, JOINED)) {
                joined.increment();
            }
            return; // welcome, notices
        }
        int at = indexOf(data, offset, length, MARKER);
        if (at < 0) {
            return;
        }
        long sentNanos = 0;
        for (int i = at + MARKER.length; i < offset + length; i++) {
            byte b = data[i];
            if (b < '0' || b > '9') {
                break;
            }
            sentNanos = sentNanos * 10 + (b - '0');
        }
        latencies.recordValue(Math.max(0, (System.nanoTime() - sentNanos) / 1000));
        received.increment();
    }

    /** The latencies since the last call. */
    Histogram interval() {
        return latencies.getIntervalHistogram();
    }

    private static boolean startsWith(byte[] data, int offset, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] data, int offset, int length, byte[] needle) {
        outer:
        for (int i = offset; i <= offset + length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
