package dev.roomcast.webhook;

import jakarta.inject.Singleton;

/**
 * Where events for the webhook receiver go. Emitting never blocks and never fails: past the queue's bytes an
 * event is dropped and counted. Callers ask {@link #on} first, so nothing is built when a type is off.
 */
@Singleton
public class Webhooks {

    /** Whether events of this type are sent (a URL is set and the type is in {@code roomcast.webhooks.events}). */
    public boolean on(EventType type) {
        return false;
    }

    /** Queues the event for sending; any thread. */
    public void emit(WebhookEvent event) {
    }
}
