package dev.roomcast.cluster.redis;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;

/**
 * Proves cross-instance fan-out works instead of assuming it: every interval the instance
 * publishes a timestamp on its own canary channel and must hear it back through its subscriber
 * connection. A dead connection, a Redis that stopped answering, or a subscription lost in a
 * failover all show up as a canary that stops returning. Three missing in a row while Redis answers
 * nothing else either suspend the link (calls fail fast instead of queueing behind a frozen Redis);
 * the next one heard resumes it.
 */
final class Canary {

    private final Vertx vertx;
    private final RedisLink link;
    private final String channel;
    private final long intervalMillis;
    private volatile long lastHeardNanos;
    /** When the link last came up (or resumed): a canary is due within three intervals of it. */
    private volatile long upSinceNanos = System.nanoTime();
    private volatile long roundTripNanos = -1;
    /** When the timer last ran; a late run means this process stalled (GC, CPU starvation), not Redis. */
    private long lastTickNanos = System.nanoTime();
    private long timerId = -1;

    Canary(Vertx vertx, RedisLink link, String channel, long intervalMillis) {
        this.vertx = vertx;
        this.link = link;
        this.channel = channel;
        this.intervalMillis = intervalMillis;
    }

    String channel() {
        return channel;
    }

    void start() {
        link.subscribe(channel, false);
        link.onReconnect(() -> {
            upSinceNanos = System.nanoTime();
            send();
        });
        timerId = vertx.setPeriodic(intervalMillis, id -> {
            send();
            long now = System.nanoTime();
            boolean late = now - lastTickNanos > 2_000_000L * intervalMillis;
            lastTickNanos = now;
            if (late) {
                // Answers may be waiting unread behind the same stall: judge from here on, not from before it.
                upSinceNanos = now;
            } else if (missing()) {
                link.suspend(3_000_000L * intervalMillis);
            }
        });
    }

    void stop() {
        vertx.cancelTimer(timerId);
    }

    private void send() {
        link.probe(Request.cmd(Command.PUBLISH).arg(channel).arg(Long.toString(System.nanoTime())));
    }

    /**
     * Connected, yet for three intervals no canary (since it was last heard or the link came up) and no
     * answer at all: a Redis that is merely slow under load still answers, so it is not suspended.
     */
    private boolean missing() {
        long quiet = 3_000_000L * intervalMillis;
        long since = Math.max(lastHeardNanos, upSinceNanos);
        return link.isUp() && System.nanoTime() - since > quiet && link.silentNanos() > quiet;
    }

    void heard(Buffer payload) {
        long now = System.nanoTime();
        try {
            roundTripNanos = now - Long.parseLong(payload.toString());
            lastHeardNanos = now;
            link.resume();
        } catch (NumberFormatException ignored) {
            // not ours
        }
    }

    /** Heard back within three intervals (so one lost canary is not an outage). */
    boolean healthy() {
        long heard = lastHeardNanos;
        return link.isUp() && heard != 0 && System.nanoTime() - heard < 3_000_000L * intervalMillis;
    }

    /** The last round trip through Redis, or -1 before the first. */
    long roundTripMillis() {
        long rtt = roundTripNanos;
        return rtt < 0 ? -1 : rtt / 1_000_000;
    }
}
