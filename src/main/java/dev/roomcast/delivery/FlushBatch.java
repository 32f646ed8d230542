package dev.roomcast.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Flushes written connections once per batch instead of once per frame: frames written to a
 * connection within the batch go out together, several per syscall. On loopback and on real
 * networks alike the syscall (and the TCP work behind it) costs far more than copying 100 bytes,
 * so this is where fan-out throughput comes from. The batch is flushed {@code delay} after its
 * first write (0: at the end of the current event-loop turn); the delay bounds the added latency.
 */
final class FlushBatch implements Runnable {

    private static final FastThreadLocal<FlushBatch> PER_LOOP = new FastThreadLocal<>();

    private final List<ChannelHandlerContext> dirty = new ArrayList<>();
    private boolean scheduled;

    /** Call on the connection's event loop, after writing without flushing. */
    static void mark(ChannelHandlerContext ctx, Flushable connection, long delayNanos) {
        if (connection.flushPending) {
            return;
        }
        connection.flushPending = true;
        FlushBatch batch = PER_LOOP.get();
        if (batch == null) {
            batch = new FlushBatch();
            PER_LOOP.set(batch);
        }
        batch.dirty.add(ctx);
        batch.connections.add(connection);
        if (!batch.scheduled) {
            batch.scheduled = true;
            if (delayNanos > 0) {
                ctx.executor().schedule(batch, delayNanos, TimeUnit.NANOSECONDS);
            } else {
                ctx.executor().execute(batch);
            }
        }
    }

    private final List<Flushable> connections = new ArrayList<>();

    @Override
    public void run() {
        scheduled = false;
        for (int i = 0; i < dirty.size(); i++) {
            connections.get(i).flushPending = false;
            dirty.get(i).flush();
        }
        dirty.clear();
        connections.clear();
    }

    /** Per-connection flag, so a connection is listed once per turn however many frames it got. */
    static class Flushable {
        boolean flushPending; // event-loop confined
    }
}
