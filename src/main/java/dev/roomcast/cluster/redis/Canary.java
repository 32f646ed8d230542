package dev.roomcast.cluster.redis;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;

/**
 * Proves cross-instance fan-out works instead of assuming it: every interval the instance
 * publishes a timestamp on its own canary channel and must hear it back through its subscriber
 * connection. A dead connection, a Redis that stopped answering, or a subscription lost in a
 * failover all show up as a canary that stops returning.
 */
final class Canary {

    private final Vertx vertx;
    private final RedisLink link;
    private final String channel;
    private final long intervalMillis;
    private volatile long lastHeardNanos;
    private volatile long roundTripNanos = -1;

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
        link.subscribe(channel);
        link.onReconnect(this::send);
        vertx.setPeriodic(intervalMillis, id -> send());
    }

    private void send() {
        link.send(Request.cmd(Command.PUBLISH).arg(channel).arg(Long.toString(System.nanoTime())));
    }

    void heard(Buffer payload) {
        long now = System.nanoTime();
        try {
            roundTripNanos = now - Long.parseLong(payload.toString());
            lastHeardNanos = now;
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
