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
 * Normally the flush runs at the end of the current event-loop turn: no added latency. Frames of a
 * big fan-out (a room of at least {@link SharedFrame#BIG_FANOUT} recipients) may wait: when this
 * loop's previous flush was a big one and happened less than {@code maxDelay} ago, the next flush
 * waits until {@code maxDelay} after it, so under that load every connection takes several frames
 * per syscall and no frame waits longer than {@code maxDelay}. Any other frame (small rooms,
 * replies, private messages) flushes at the end of the turn, taking the waiting ones with it.
 */
final class FlushBatch {

    /** A flush of at least this many connections counts as big. */
    static final int BIG_BATCH = 32;

    private static final FastThreadLocal<FlushBatch> PER_LOOP = new FastThreadLocal<>();

    private final List<Flushable> dirty = new ArrayList<>();
    private final Runnable now = () -> {
        this.nowScheduled = false;
        flush();
    };
    private final Runnable later = () -> {
        this.laterScheduled = false;
        flush();
    };
    private boolean nowScheduled;
    private boolean laterScheduled;
    private int lastBatchSize;
    private long lastFlushNanos;

    /**
     * Call on the connection's event loop, after writing without flushing.
     *
     * @param maxDelayNanos how long this frame may wait for others; 0 for end of turn
     */
    static void mark(Flushable connection, long maxDelayNanos) {
        FlushBatch batch = PER_LOOP.get();
        if (batch == null) {
            batch = new FlushBatch();
            PER_LOOP.set(batch);
        }
        if (!connection.flushPending) {
            connection.flushPending = true;
            batch.dirty.add(connection);
        }
        batch.schedule(connection.ctx, maxDelayNanos);
    }

    private void schedule(ChannelHandlerContext ctx, long maxDelayNanos) {
        if (nowScheduled) {
            return;
        }
        long sinceLast = System.nanoTime() - lastFlushNanos;
        if (maxDelayNanos > 0 && lastBatchSize >= BIG_BATCH && sinceLast < maxDelayNanos) {
            if (!laterScheduled) {
                laterScheduled = true;
                ctx.executor().schedule(later, maxDelayNanos - sinceLast, TimeUnit.NANOSECONDS);
            }
        } else {
            nowScheduled = true;
            ctx.executor().execute(now);
        }
    }

    private void flush() {
        if (dirty.isEmpty()) {
            return; // an earlier flush took them
        }
        lastBatchSize = dirty.size();
        lastFlushNanos = System.nanoTime();
        for (int i = 0; i < dirty.size(); i++) {
            Flushable connection = dirty.get(i);
            connection.flushPending = false;
            connection.flushNow();
        }
        dirty.clear();
    }

    /** A connection with a per-batch flag, so it is listed once per batch however many frames it got. */
    abstract static class Flushable {
        final ChannelHandlerContext ctx;
        boolean flushPending; // event-loop confined

        Flushable(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        /** Writes what it holds into the channel and flushes it. */
        abstract void flushNow();
    }
}
