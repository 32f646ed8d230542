package dev.roomcast.webhook;

import dev.roomcast.protocol.RawJson;
import io.opentelemetry.context.Context;

/**
 * One event for the webhook receiver. {@code room}, {@code user}, {@code offset}, {@code content} and {@code meta}
 * are null where they do not apply; {@code cause} is the trace context of the change that caused it (its delivery
 * spans follow it).
 */
public record WebhookEvent(EventType type, long time, String room, String user, Long offset, RawJson content,
        RawJson meta, Context cause) {

    public static WebhookEvent room(EventType type, String room, String user) {
        return new WebhookEvent(type, System.currentTimeMillis(), room, user, null, null, null, Context.current());
    }

    public static WebhookEvent user(EventType type, String user) {
        return new WebhookEvent(type, System.currentTimeMillis(), null, user, null, null, null, Context.current());
    }

    /** A room message as delivered: {@code offset} null with history off, {@code meta} null unless a hook gave one. */
    public static WebhookEvent message(String room, String user, Long offset, RawJson content, RawJson meta) {
        return new WebhookEvent(EventType.MESSAGE_PUBLISHED, System.currentTimeMillis(), room, user, offset, content,
                meta, Context.current());
    }

    public static WebhookEvent message(String room, String user, long offset, RawJson content) {
        return message(room, user, Long.valueOf(offset), content, null);
    }
}
