package dev.roomcast.loadgen;

import io.vertx.core.Vertx;

/**
 * Sends room messages at a fixed rate from the generator's event loop. A 1 ms timer catches up to
 * where the rate says it should be, so timer jitter does not lower the rate. The content is the
 * send time ({@code System.nanoTime()}), which {@link Probe} turns into latency.
 */
final class Publisher {

    private final Vertx vertx;
    private final RawClient socket;
    private final String prefix;
    private long timer = -1;
    private volatile long sent;
    private volatile long skipped;

    Publisher(Vertx vertx, RawClient socket, String room) {
        this.vertx = vertx;
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
        java.util.concurrent.CompletableFuture<Void> stopped = new java.util.concurrent.CompletableFuture<>();
        vertx.runOnContext(v -> {
            vertx.cancelTimer(timer);
            stopped.complete(null);
        });
        stopped.get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Messages actually written (skipped ones not included). */
    long sent() {
        return sent - skipped;
    }

    long skipped() {
        return skipped;
    }
}
