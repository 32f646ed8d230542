package dev.roomcast.webhook;

import dev.roomcast.protocol.RawJson;
import io.opentelemetry.context.Context;

/**
 * One event for the webhook receiver. {@code room}, {@code user}, {@code offset} and {@code content} are null where
 * they do not apply; {@code cause} is the trace context of the change that caused it (its delivery spans follow it).
 */
public record WebhookEvent(EventType type, long time, String room, String user, Long offset, RawJson content,
        Context cause) {

    public static WebhookEvent room(EventType type, String room, String user) {
        return new WebhookEvent(type, System.currentTimeMillis(), room, user, null, null, Context.current());
    }

    public static WebhookEvent user(EventType type, String user) {
        return new WebhookEvent(type, System.currentTimeMillis(), null, user, null, null, Context.current());
    }

    /** {@code offset}: null with history off. */
    public static WebhookEvent message(String room, String user, Long offset, RawJson content) {
        return new WebhookEvent(EventType.MESSAGE_PUBLISHED, System.currentTimeMillis(), room, user, offset, content,
                Context.current());
    }
}
