package dev.roomcast.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Flushes an event loop's written connections together instead of once per frame. On loopback and
 * on real networks alike, a write syscall (and the TCP work behind it) costs far more than copying
 * 100 bytes, so the number of flushes is what bounds fan-out throughput.
 * <p>
 * Normally the flush runs at the end of the current event-loop turn: no added latency. When this
 * loop's previous flush was a big one (a large room getting traffic) and happened less than
 * {@code maxDelay} ago, the next flush waits until {@code maxDelay} after it: under that load every
 * connection takes several frames per syscall, and no frame waits longer than {@code maxDelay}.
 * Small batches (chat rooms, replies) are never delayed.
 */
final class FlushBatch implements Runnable {

    /** A flush of at least this many connections counts as big. */
    static final int BIG_BATCH = 32;

    private static final FastThreadLocal<FlushBatch> PER_LOOP = new FastThreadLocal<>();

    private final List<Flushable> dirty = new ArrayList<>();
    private boolean scheduled;
    private int lastBatchSize;
    private long lastFlushNanos;

    /** Call on the connection's event loop, after writing without flushing. */
    static void mark(Flushable connection, long maxDelayNanos) {
        if (connection.flushPending) {
            return;
        }
        connection.flushPending = true;
        FlushBatch batch = PER_LOOP.get();
        if (batch == null) {
            batch = new FlushBatch();
            PER_LOOP.set(batch);
        }
        batch.dirty.add(connection);
        if (!batch.scheduled) {
            batch.scheduled = true;
            long sinceLast = System.nanoTime() - batch.lastFlushNanos;
            if (batch.lastBatchSize >= BIG_BATCH && sinceLast < maxDelayNanos) {
                connection.ctx.executor().schedule(batch, maxDelayNanos - sinceLast, TimeUnit.NANOSECONDS);
            } else {
                connection.ctx.executor().execute(batch);
            }
        }
    }

    @Override
    public void run() {
        scheduled = false;
        lastBatchSize = dirty.size();
        lastFlushNanos = System.nanoTime();
        for (int i = 0; i < dirty.size(); i++) {
            Flushable connection = dirty.get(i);
            connection.flushPending = false;
            connection.ctx.flush();
        }
        dirty.clear();
    }

    /** Per-connection flag, so a connection is listed once per batch however many frames it got. */
    static class Flushable {
        final ChannelHandlerContext ctx;
        boolean flushPending; // event-loop confined

        Flushable(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }
    }
}
