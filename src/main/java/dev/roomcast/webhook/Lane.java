package dev.roomcast.webhook;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import io.vertx.core.Context;

/**
 * One ordered lane: events wait in emission order, and one batch at a time is POSTed, retried until acknowledged
 * or out of retry time, before the next is taken. Any thread adds; everything else runs on the lane's own context,
 * so the lane's state needs no lock.
 */
final class Lane {

    private static final Logger LOG = Logger.getLogger(Lane.class);

    /** What becomes of a batch: the sender releases its bytes and counts it. */
    interface Outcome {
        void acknowledged(Batch batch);

        void failed(Batch batch, WebhookClient.AttemptFailed failure);

        void retrying(Batch batch);

        void dropped(Batch batch);
    }

    private final int index;
    private final Context context;
    private final WebhookClient client;
    private final WebhookSettings settings;
    private final Backoff backoff;
    private final Outcome outcome;
    private final Queue<QueuedEvent> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean woken = new AtomicBoolean();
    private Batch inFlight;
    private boolean closed;

    Lane(int index, Context context, WebhookClient client, WebhookSettings settings, Outcome outcome) {
        this.index = index;
        this.context = context;
        this.client = client;
        this.settings = settings;
        this.backoff = new Backoff(settings.backoffMin().toMillis(), settings.backoffMax().toMillis());
        this.outcome = outcome;
    }

    /** Any thread; never blocks. The lane's context is woken once, however many events arrive meanwhile. */
    void add(QueuedEvent event) {
        waiting.add(event);
        if (woken.compareAndSet(false, true)) {
            context.runOnContext(v -> next());
        }
    }

    /** No further attempts; what is still queued stays uncounted here (the sender counts it). */
    void close() {
        context.runOnContext(v -> closed = true);
    }

    private void next() {
        woken.set(false);
        if (inFlight != null || closed) {
            return;
        }
        inFlight = Batch.take(waiting, settings.maxBatchEvents(), settings.maxBatchBytes());
        if (inFlight != null) {
            inFlight.firstAttemptNanos = System.nanoTime();
            attempt(inFlight);
        }
    }

    private void attempt(Batch batch) {
        batch.attempts++;
        client.post(batch).onComplete(done -> {
            if (closed) {
                return;
            }
            if (done.succeeded()) {
                outcome.acknowledged(batch);
                inFlight = null;
                next();
                return;
            }
            WebhookClient.AttemptFailed failure = (WebhookClient.AttemptFailed) done.cause();
            outcome.failed(batch, failure);
            long left = batch.firstAttemptNanos + settings.retryFor().toNanos() - System.nanoTime();
            if (left <= 0) {
                LOG.warnf("Webhook batch of %d events dropped after %d attempts in %s (last: %s)",
                        batch.events.size(), batch.attempts, settings.retryFor(), failure.getMessage());
                outcome.dropped(batch);
                inFlight = null;
                next();
                return;
            }
            if (batch.attempts == 1) {
                LOG.debugf("Webhook POST failed on lane %d (%s); retrying for up to %s", index, failure.getMessage(),
                        settings.retryFor());
            }
            long delay = Math.min(backoff.delayMillis(batch.attempts), TimeUnit.NANOSECONDS.toMillis(left));
            context.owner().setTimer(Math.max(1, delay), t -> {
                if (!closed) {
                    outcome.retrying(batch);
                    attempt(batch);
                }
            });
        });
    }
}
