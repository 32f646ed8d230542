package dev.roomcast.support.attacks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.roomcast.support.Ids;
import dev.roomcast.support.RawWebSocket;

/**
 * One connection that writes small frames as fast as it can and never reads (issue 25, item 1): 125-byte
 * pings, whose pongs pile up on the server; or, after the first fragment of a text message, empty
 * continuation frames, each a frame the server must handle without a message ever completing. It stops at
 * the time limit or the frame cap, or when the server ends the connection; then it reads, at most 5 s, for
 * the server's close frame (behind whatever pongs were queued).
 */
public final class FrameFlood {

    /** How the flood ended: {@code closeCode} -1 if the connection was still open at the end. */
    public record Result(String frameKind, long framesSent, double seconds, boolean cutOffByServer, int closeCode) {

        public String ending() {
            String sent = String.format(Locale.ROOT, "%,d %s in %.1f s", framesSent, frameKind, seconds);
            if (closeCode < 0) {
                return "still open after " + sent;
            }
            return "closed " + closeCode + (cutOffByServer ? " (writes failed) after " : " after ") + sent;
        }

        @Override
        public String toString() {
            return ending();
        }
    }

    private static final int PING_PAYLOAD = 125; // the largest a control frame may carry

    private FrameFlood() {
    }

    public static Result pings(URI ws, Duration limit, long maxFrames) throws IOException {
        byte[] payload = new byte[PING_PAYLOAD];
        Arrays.fill(payload, (byte) 'p');
        return flood(ws, "pings", null, batch(RawWebSocket.PING, true, payload, 512), 512, limit, maxFrames);
    }

    public static Result emptyContinuations(URI ws, Duration limit, long maxFrames) throws IOException {
        byte[] first = RawWebSocket.maskedFrame(RawWebSocket.TEXT, false,
                "{\"type\":\"ping\",".getBytes(StandardCharsets.UTF_8));
        return flood(ws, "empty continuation frames", first, batch(RawWebSocket.CONTINUATION, false, new byte[0], 4096),
                4096, limit, maxFrames);
    }

    private static byte[] batch(int opcode, boolean fin, byte[] payload, int frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < frames; i++) {
            out.writeBytes(RawWebSocket.maskedFrame(opcode, fin, payload));
        }
        return out.toByteArray();
    }

    private static Result flood(URI endpoint, String kind, byte[] first, byte[] batch, int framesPerBatch,
            Duration limit, long maxFrames) throws IOException {
        RawWebSocket ws = RawWebSocket.connect(endpoint, "id=" + Ids.unique("flood"), 10_000);
        // A write blocks once the server stops reading: closing the socket after the limit frees it.
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
        watchdog.schedule(() -> quietly(ws), limit.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        long sent = 0;
        boolean cutOff = false;
        try {
            if (first != null) {
                ws.writeRaw(first);
            }
            while (System.nanoTime() < deadline && sent < maxFrames) {
                ws.writeRaw(batch);
                sent += framesPerBatch;
            }
        } catch (IOException ended) {
            cutOff = !ws.isClosed(); // not our watchdog: the server closed or reset the connection
        } finally {
            watchdog.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int code = ws.isClosed() ? -1 : closeCode(ws, cutOff);
        quietly(ws);
        return new Result(kind, sent, seconds, cutOff, code);
    }

    /** Reads for up to 5 s for a close frame: its code, 1006 on EOF or reset, -1 if the connection stayed open. */
    private static int closeCode(RawWebSocket ws, boolean cutOff) {
        // No read timeout (one inside a frame would lose its bytes): the socket is closed after 5 s instead.
        ScheduledExecutorService stop = Executors.newSingleThreadScheduledExecutor();
        stop.schedule(() -> quietly(ws), 5, TimeUnit.SECONDS);
        try {
            ws.readTimeout(0);
            RawWebSocket.Frame frame;
            while ((frame = ws.read()) != null) {
                if (frame.opcode() == RawWebSocket.CLOSE) {
                    return frame.closeCode();
                }
            }
            return 1006;
        } catch (IOException e) {
            return ws.isClosed() && !cutOff ? -1 : 1006; // our own close after 5 s of pongs, or a reset
        } finally {
            stop.shutdownNow();
        }
    }

    private static void quietly(RawWebSocket ws) {
        try {
            ws.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
