package dev.roomcast.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

import io.vertx.core.buffer.Buffer;

/**
 * Events POSTed together, as one JSON array built once: every retry sends the same bytes (and so the same ids).
 * {@code firstAttemptNanos} starts the retry budget.
 */
final class Batch {

    final List<QueuedEvent> events;
    final Buffer body;
    final long bytes;
    long firstAttemptNanos;
    int attempts;

    private Batch(List<QueuedEvent> events, Buffer body, long bytes) {
        this.events = events;
        this.body = body;
        this.bytes = bytes;
    }

    /**
     * Takes the oldest waiting events, up to {@code maxEvents} and {@code maxBytes} of events (at least one, however
     * big); null when none wait. Only the lane's own context takes from its queue.
     */
    static Batch take(Queue<QueuedEvent> waiting, int maxEvents, int maxBytes) {
        List<QueuedEvent> events = new ArrayList<>(Math.min(maxEvents, 16));
        long bytes = 0;
        for (QueuedEvent next = waiting.peek(); next != null && events.size() < maxEvents; next = waiting.peek()) {
            if (!events.isEmpty() && bytes + next.json().length > maxBytes) {
                break;
            }
            events.add(waiting.poll());
            bytes += next.json().length;
        }
        if (events.isEmpty()) {
            return null;
        }
        Buffer body = Buffer.buffer((int) bytes + events.size() + 1);
        body.appendByte((byte) '[');
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                body.appendByte((byte) ',');
            }
            body.appendBytes(events.get(i).json());
        }
        body.appendByte((byte) ']');
        return new Batch(List.copyOf(events), body, bytes);
    }
}
