package dev.roomcast.loadgen;

import io.vertx.core.Vertx;

/**
 * Sends room messages at a fixed rate from the generator's event loop. A 1 ms timer catches up to
 * where the rate says it should be, so timer jitter does not lower the rate. The content is the
 * send time ({@code System.nanoTime()}), which {@link Probe} turns into latency.
 */
final class Publisher {

    private final Fleet fleet;
    private final Vertx vertx;
    private final RawClient socket;
    private final String prefix;
    private volatile long timer = -1; // set on the event loop, cancelled from the caller
    private volatile long sent;
    private volatile long skipped;

    Publisher(Fleet fleet, RawClient socket, String room) {
        this.fleet = fleet;
        this.vertx = fleet.vertx;
        this.socket = socket;
        this.prefix = "{\"type\":\"message\",\"room\":\"" + room + "\",\"content\":\"";
    }

    /** Starts sending {@code perSecond} messages a second (from the event loop). */
    void start(double perSecond) {
        vertx.runOnContext(v -> {
            long start = System.nanoTime();
            long base = sent;
            timer = vertx.setPeriodic(1, t -> {
                long due = base + (long) (perSecond * (System.nanoTime() - start) / 1e9);
                while (sent < due) {
                    if (socket.writeQueueFull()) { // the server is not reading fast enough: count, do not queue
                        skipped += due - sent;
                        sent = due;
                        return;
                    }
                    socket.sendText(prefix + System.nanoTime() + "\"}");
                    sent++;
                }
            });
        });
    }

    void stop() throws Exception {
        fleet.cancelTimer(timer);
    }

    /** Messages actually written (skipped ones not included). */
    long sent() {
        return sent - skipped;
    }

    long skipped() {
        return skipped;
    }
}
