package dev.roomcast.cluster.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

import dev.roomcast.protocol.MessageType;
import io.vertx.core.buffer.Buffer;

/**
 * What travels through a Redis channel: a one-line JSON header, a newline, then the server
 * message exactly as it goes to clients, encoded once by the origin instance.
 *
 * <pre>{"v":1,"o":"&lt;origin&gt;","k":"room|user|all","t":"&lt;room or user&gt;","x":"&lt;connection to skip&gt;","xu":"&lt;user whose connections to skip&gt;","m":"&lt;message type&gt;","ts":&lt;publish time, epoch ms&gt;,"tp":"&lt;traceparent&gt;"}\n&lt;payload&gt;</pre>
 *
 * {@code t}, {@code x}, {@code xu} and {@code tp} may be absent. {@code tp} carries the W3C trace context.
 * A room message from history also has {@code "off":<offset>,"ep":"<epoch>"}, added by the append script
 * (see {@link HistoryScripts}), which also stamps the payload; every instance, its origin included,
 * delivers those from the channel, so all deliver them in offset order.
 */
public record Envelope(String origin, Kind kind, String target, String except, String exceptUser, MessageType type,
        long sentAtMillis, String traceparent, long offset, String epoch, byte[] payload) {

    /** An envelope without a history offset. */
    public Envelope(String origin, Kind kind, String target, String except, String exceptUser, MessageType type,
            long sentAtMillis, String traceparent, byte[] payload) {
        this(origin, kind, target, except, exceptUser, type, sentAtMillis, traceparent, -1, null, payload);
    }

    public enum Kind {
        ROOM("room"),
        USER("user"),
        ALL("all");

        final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        static Kind of(String wire) {
            for (Kind k : values()) {
                if (k.wire.equals(wire)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown envelope kind " + wire);
        }
    }

    private static final JsonFactory JSON = new JsonFactory();

    public Buffer encode() {
        try (ByteArrayBuilder out = new ByteArrayBuilder(payload.length + 128)) {
            writeHeader(out);
            out.write('\n');
            out.write(payload);
            return Buffer.buffer(out.toByteArray());
        }
    }

    /** The header line alone (no newline, no payload): the append script completes it. */
    public byte[] header() {
        try (ByteArrayBuilder out = new ByteArrayBuilder(128)) {
            writeHeader(out);
            return out.toByteArray();
        }
    }

    private void writeHeader(ByteArrayBuilder out) {
        try {
            try (JsonGenerator g = JSON.createGenerator(out)) {
                g.writeStartObject();
                g.writeNumberField("v", 1);
                g.writeStringField("o", origin);
                g.writeStringField("k", kind.wire);
                writeOptional(g, "t", target);
                writeOptional(g, "x", except);
                writeOptional(g, "xu", exceptUser);
                g.writeStringField("m", type.wire());
                g.writeNumberField("ts", sentAtMillis);
                writeOptional(g, "tp", traceparent);
                if (offset >= 0) {
                    g.writeNumberField("off", offset);
                    g.writeStringField("ep", epoch);
                }
                g.writeEndObject();
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode envelope", e);
        }
    }

    /** @throws IllegalArgumentException for anything that is not a version 1 envelope */
    public static Envelope decode(Buffer raw) {
        byte[] bytes = raw.getBytes();
        int newline = indexOf(bytes, (byte) '\n');
        if (newline < 0) {
            throw new IllegalArgumentException("envelope without header line");
        }
        String origin = null, kind = null, target = null, except = null, exceptUser = null, type = null;
        String traceparent = null, epoch = null;
        long offset = -1;
        int version = 0;
        long sentAt = 0;
        try (JsonParser p = JSON.createParser(bytes, 0, newline)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("envelope header is not an object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "v" -> version = p.getIntValue();
                    case "o" -> origin = p.getText();
                    case "k" -> kind = p.getText();
                    case "t" -> target = p.getText();
                    case "x" -> except = p.getText();
                    case "xu" -> exceptUser = p.getText();
                    case "m" -> type = p.getText();
                    case "ts" -> sentAt = p.getLongValue();
                    case "tp" -> traceparent = p.getText();
                    case "off" -> offset = p.getLongValue();
                    case "ep" -> epoch = p.getText();
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable envelope header: " + e.getMessage(), e);
        }
        if (version != 1 || origin == null || kind == null || type == null) {
            throw new IllegalArgumentException("not a version 1 envelope");
        }
        byte[] payload = new byte[bytes.length - newline - 1];
        System.arraycopy(bytes, newline + 1, payload, 0, payload.length);
        MessageType messageType = MessageType.ofWire(type);
        if (messageType == null) {
            throw new IllegalArgumentException("unknown message type " + type); // from a newer instance
        }
        if (offset >= 0 && epoch == null) {
            throw new IllegalArgumentException("an offset without an epoch");
        }
        return new Envelope(origin, Kind.of(kind), target, except, exceptUser, messageType, sentAt, traceparent, offset, epoch,
                payload);
    }

    private static void writeOptional(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "Envelope[" + kind + " " + target + " from " + origin + ", " + new String(payload, StandardCharsets.UTF_8) + "]";
    }
}
