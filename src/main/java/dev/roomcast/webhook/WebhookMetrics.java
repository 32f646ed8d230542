package dev.roomcast.webhook;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The webhook sender's meters (Prometheus: {@code roomcast_webhook_*}), registered only while webhooks are on.
 * Labels come from the fixed sets {@link #FAILURES} and {@link #DROPS}.
 */
public final class WebhookMetrics {

    /** Why an attempt failed: a non-2xx answer, no answer in time, no connection (refused, reset, TLS). */
    public static final List<String> FAILURES = List.of("status", "timeout", "connection");

    /** Why events were dropped: the queue was full, a batch's retry time ran out, the instance shut down first. */
    public static final List<String> DROPS = List.of("queue_full", "retries_exhausted", "shutdown");

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final Counter sent;
    private final Counter retries;
    private final Map<String, Counter> failures = new HashMap<>();
    private final Map<String, Counter> drops = new HashMap<>();
    private final Timer delivery;

    public WebhookMetrics(MeterRegistry registry, LongSupplier queuedBytes, LongSupplier queuedEvents) {
        this.registry = registry;
        sent = keep(Counter.builder("roomcast.webhook.events.sent")
                .description("Webhook events acknowledged by the receiver (2xx)").register(registry));
        retries = keep(Counter.builder("roomcast.webhook.retries")
                .description("Webhook POSTs that repeated a batch after a failed attempt").register(registry));
        for (String reason : FAILURES) {
            failures.put(reason, keep(Counter.builder("roomcast.webhook.attempts.failed").tag("reason", reason)
                    .description("Webhook POSTs that failed, by reason (each is retried until retry-for runs out)")
                    .register(registry)));
        }
        for (String reason : DROPS) {
            drops.put(reason, keep(Counter.builder("roomcast.webhook.events.dropped").tag("reason", reason)
                    .description("Webhook events never acknowledged, by reason").register(registry)));
        }
        delivery = keep(Timer.builder("roomcast.webhook.delivery").publishPercentileHistogram()
                .description("From an event's emission to the receiver's acknowledgement").register(registry));
        keep(Gauge.builder("roomcast.webhook.queue.bytes", queuedBytes, LongSupplier::getAsLong).baseUnit("bytes")
                .description("Bytes of webhook events waiting on this instance (queued or in flight)")
                .strongReference(true).register(registry));
        keep(Gauge.builder("roomcast.webhook.queue.events", queuedEvents, LongSupplier::getAsLong)
                .description("Webhook events waiting on this instance (queued or in flight)")
                .strongReference(true).register(registry));
    }

    void acknowledged(int events) {
        sent.increment(events);
    }

    void delivered(long emittedNanos, long nowNanos) {
        delivery.record(nowNanos - emittedNanos, TimeUnit.NANOSECONDS);
    }

    void retried() {
        retries.increment();
    }

    /** @param reason one of {@link #FAILURES} */
    void attemptFailed(String reason) {
        failures.get(reason).increment();
    }

    /** @param reason one of {@link #DROPS} */
    void dropped(String reason, int events) {
        if (events > 0) {
            drops.get(reason).increment(events);
        }
    }

    /** Unregisters every meter, so a restarted application registers its own. */
    void remove() {
        meters.forEach(registry::remove);
    }

    private <M extends Meter> M keep(M meter) {
        meters.add(meter);
        return meter;
    }
}
