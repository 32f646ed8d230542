package dev.roomcast.support.attacks;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.RawWebSocket;
import dev.roomcast.support.WsClient;

/**
 * A client on a raw socket that reads everything at loopback speed on a thread of its own (and answers the
 * server's pings), for the memory attacks: as an attacker that must read its own echoes to stay connected,
 * or as a well-behaved fast reader. It counts room messages and, when asked to keep them, records each one's
 * sequence number and offset; other frames (joined, error, ...) are kept for {@link #next}.
 */
public final class Member implements AutoCloseable {

    private static final byte[] MESSAGE = "{\"type\":\"message\"".getBytes(StandardCharsets.US_ASCII);

    private final RawWebSocket ws;
    private final boolean keep;
    private final Thread reader;
    private final AtomicInteger messages = new AtomicInteger();
    private final List<long[]> kept = new ArrayList<>(); // {sequence, offset} per message, when keep
    private final BlockingQueue<JsonNode> replies = new LinkedBlockingQueue<>();
    private final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
    private volatile int closeCode = -1; // -1: open
    private volatile boolean closing;
    private final CountDownLatch ended = new CountDownLatch(1);

    private Member(RawWebSocket ws, boolean keep, String name) {
        this.ws = ws;
        this.keep = keep;
        this.reader = new Thread(this::read, "member-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects to {@code ws?query}; {@code keep}: record each room message's sequence number and offset. */
    public static Member connect(URI endpoint, String query, boolean keep) throws IOException {
        RawWebSocket ws = RawWebSocket.connect(endpoint, query, 10_000);
        ws.readTimeout(0); // a timeout within a frame would lose its bytes; close() ends the reader instead
        return new Member(ws, keep, query);
    }

    private void read() {
        try {
            readUntilClosed();
        } finally {
            ended.countDown();
        }
    }

    private void readUntilClosed() {
        try {
            while (!closing) {
                RawWebSocket.Frame frame = ws.read();
                if (frame == null) {
                    closeCode = 1006;
                    return;
                }
                switch (frame.opcode()) {
                    case RawWebSocket.TEXT -> onText(frame.payload());
                    case RawWebSocket.PING -> ws.write(RawWebSocket.PONG, true, frame.payload());
                    case RawWebSocket.CLOSE -> {
                        closeCode = frame.closeCode();
                        return;
                    }
                    default -> { }
                }
            }
        } catch (IOException e) {
            if (!closing) {
                closeCode = 1006; // reset
            }
        }
    }

    private void onText(byte[] payload) throws IOException {
        if (startsWith(payload, MESSAGE)) { // read in place: a 32 KiB message is not worth a JSON tree
            messages.incrementAndGet();
            if (keep) {
                String text = new String(payload, StandardCharsets.UTF_8);
                int content = text.indexOf("\"content\":\"");
                int offset = text.lastIndexOf("\"offset\":");
                long sequence = content < 0 ? -1 : Payloads.sequence(text.substring(content + 11, Math.min(text.length(), content + 31)));
                long at = offset < 0 ? -1 : Long.parseLong(text.substring(offset + 9).replaceAll("[^0-9].*", ""));
                synchronized (kept) {
                    kept.add(new long[] { sequence, at });
                }
            }
            return;
        }
        JsonNode frame = WsClient.JSON.readTree(payload);
        if ("error".equals(frame.path("type").asText())) {
            errors.computeIfAbsent(frame.path("code").asText(), c -> new AtomicInteger()).incrementAndGet();
        }
        replies.add(frame);
    }

    private static boolean startsWith(byte[] payload, byte[] prefix) {
        if (payload.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (payload[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Sends one text frame (masked, as a client must); blocks while the server does not read. */
    public void send(String text) throws IOException {
        ws.write(RawWebSocket.TEXT, true, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The next frame other than a room message, skipping others until one of {@code type}; fails after {@code within}. */
    public JsonNode next(String type, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            JsonNode frame = replies.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (frame == null) {
                throw new AssertionError("no " + type + " within " + within + "; " + this);
            }
            if (type.equals(frame.path("type").asText())) {
                return frame;
            }
        }
    }

    /** Room messages received so far. */
    public int messages() {
        return messages.get();
    }

    /** The {sequence, offset} of every room message received, in arrival order (only when kept). */
    public List<long[]> kept() {
        synchronized (kept) {
            return List.copyOf(kept);
        }
    }

    /** How many {@code error} frames with this code arrived. */
    public int errors(String code) {
        AtomicInteger count = errors.get(code);
        return count == null ? 0 : count.get();
    }

    /** Waits (bounded) until the connection has ended, and returns {@link #closeCode}. */
    public int awaitCloseCode(Duration within) {
        try {
            ended.await(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return closeCode;
    }

    /** The server's close code (1006: the TCP connection ended without one); -1 while open. */
    public int closeCode() {
        return closeCode;
    }

    @Override
    public void close() throws IOException {
        closing = true;
        ws.close();
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "received " + messages() + " messages, errors " + errors
                + (closeCode < 0 ? ", open" : ", closed " + closeCode);
    }
}
