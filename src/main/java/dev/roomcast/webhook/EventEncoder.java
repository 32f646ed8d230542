package dev.roomcast.webhook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Writes one event as the JSON object receivers get: {@code id}, {@code type}, {@code time}, then {@code room},
 * {@code user}, {@code instance}, {@code offset} and {@code content} where they apply ({@code content} exactly as
 * sent). The id is a random UUID, so a receiver can drop the repeats at-least-once delivery may bring.
 */
final class EventEncoder {

    private final JsonFactory json = new JsonFactory();
    private final String instance;

    EventEncoder(String instance) {
        this.instance = instance;
    }

    byte[] encode(WebhookEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160 + (event.content() == null ? 0
                : event.content().json().length()) + (event.meta() == null ? 0 : event.meta().json().length()));
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("id", id());
            g.writeStringField("type", event.type().wire());
            g.writeNumberField("time", event.time());
            if (event.room() != null) {
                g.writeStringField("room", event.room());
            }
            if (event.user() != null) {
                g.writeStringField("user", event.user());
            }
            g.writeStringField("instance", instance);
            if (event.offset() != null) {
                g.writeNumberField("offset", event.offset());
            }
            if (event.content() != null) {
                g.writeFieldName("content");
                g.writeRawValue(event.content().json());
            }
            if (event.meta() != null) {
                g.writeFieldName("meta");
                g.writeRawValue(event.meta().json());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array cannot fail to take bytes
        }
        return out.toByteArray();
    }

    /** A version 4 UUID from ThreadLocalRandom: unique enough for de-duplication, no lock on a shared SecureRandom. */
    private static String id() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
