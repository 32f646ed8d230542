package dev.roomcast.webhook;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import dev.roomcast.telemetry.Tracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;

/**
 * Sends events to the receiver, at least once while this instance lives. Each event is encoded once and held
 * against a per-instance bound (bytes and count) until acknowledged or dropped; past the bound it is dropped at once.
 * Events go into ordered {@link Lane}s by their room (or, without one, their user), so one room's events reach the
 * receiver in emission order from this instance. Held in memory only: a killed instance loses what it held.
 */
public final class WebhookSender implements Lane.Outcome {

    private static final Logger LOG = Logger.getLogger(WebhookSender.class);

    private final WebhookSettings settings;
    private final EventEncoder encoder;
    private final WebhookClient client;
    private final WebhookMetrics metrics;
    private final Lane[] lanes;
    private final AtomicLong heldBytes = new AtomicLong();
    private final AtomicInteger heldEvents = new AtomicInteger();
    private volatile boolean closed;

    /**
     * Every lane runs on the context {@code vertx.getOrCreateContext()} gives the calling thread: one context for all
     * lanes (Vert.x 4 keeps one sticky context per non-Vert.x thread, and an event loop has its own). Still correct:
     * lanes' POSTs overlap (the I/O is asynchronous), only their bookkeeping shares that event loop.
     */
    public WebhookSender(Vertx vertx, WebhookSettings settings, String instance, MeterRegistry registry, Tracing tracing) {
        this.settings = settings;
        this.encoder = new EventEncoder(instance);
        this.client = new WebhookClient(vertx, settings, tracing);
        this.metrics = new WebhookMetrics(registry, heldBytes::get, heldEvents::get);
        this.lanes = new Lane[settings.lanes()];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane(i, vertx.getOrCreateContext(), client, settings, this);
        }
    }

    /** Queues the event, or drops and counts it when the bound is reached. Any thread; never blocks. */
    public void emit(WebhookEvent event) {
        if (closed) {
            return;
        }
        byte[] json = encoder.encode(event);
        if (heldEvents.incrementAndGet() > settings.maxQueuedEvents()) {
            heldEvents.decrementAndGet();
            metrics.dropped("queue_full", 1);
            return;
        }
        if (heldBytes.addAndGet(json.length) > settings.maxQueuedBytes()) {
            release(1, json.length);
            metrics.dropped("queue_full", 1);
            return;
        }
        lanes[lane(event)].add(new QueuedEvent(json, System.nanoTime(), event.cause()));
    }

    /** Bytes of events held now (queued or in flight). */
    public long heldBytes() {
        return heldBytes.get();
    }

    public int heldEvents() {
        return heldEvents.get();
    }

    /**
     * Keeps sending for up to {@code shutdown-timeout} until nothing is held, then stops; what is still held is
     * dropped and counted ({@code reason="shutdown"}). Blocks: call it from the shutdown thread, never an event loop.
     */
    public void close() {
        long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
        while (heldEvents.get() > 0 && System.nanoTime() < deadline) {
            try {
                TimeUnit.MILLISECONDS.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        closed = true;
        for (Lane lane : lanes) {
            lane.close();
        }
        int lost = heldEvents.getAndSet(0);
        heldBytes.set(0);
        if (lost > 0) {
            metrics.dropped("shutdown", lost);
            LOG.warnf("Webhooks: %d events not acknowledged within %s of shutdown are lost", lost,
                    settings.shutdownTimeout());
        }
        client.close();
        metrics.remove();
    }

    @Override
    public void acknowledged(Batch batch) {
        if (batch.attempts > 1) {
            LOG.debugf("Webhook batch of %d events acknowledged after %d attempts", batch.events.size(), batch.attempts);
        }
        long now = System.nanoTime();
        for (QueuedEvent event : batch.events) {
            metrics.delivered(event.emittedNanos(), now);
        }
        metrics.acknowledged(batch.events.size());
        release(batch.events.size(), batch.bytes);
    }

    @Override
    public void failed(Batch batch, WebhookClient.AttemptFailed failure) {
        metrics.attemptFailed(failure.reason);
    }

    @Override
    public void retrying(Batch batch) {
        metrics.retried();
    }

    @Override
    public void dropped(Batch batch) {
        metrics.dropped("retries_exhausted", batch.events.size());
        release(batch.events.size(), batch.bytes);
    }

    private void release(int events, long bytes) {
        if (!closed) {
            heldEvents.addAndGet(-events);
            heldBytes.addAndGet(-bytes);
        }
    }

    private int lane(WebhookEvent event) {
        String key = event.room() != null ? event.room() : event.user();
        return key == null ? 0 : Math.floorMod(key.hashCode(), lanes.length);
    }
}
