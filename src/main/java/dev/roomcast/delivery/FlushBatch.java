package dev.roomcast.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.EventExecutor;

/**
 * Decides when an event loop's written connections are flushed. A flush is a syscall per connection
 * (and, on loopback, the receiver's TCP work too): far more than copying 100 bytes, so the number of
 * flushes is what bounds fan-out throughput.
 * <p>
 * Normally a connection is flushed at the end of the current event-loop turn: no added latency.
 * Under sustained big fan-out (this loop flushed at least {@link #BUSY} connections within the last
 * {@code maxDelay}), frames of a big fan-out are instead <em>paced</em>: each connection is flushed
 * at its own phase of a {@code maxDelay} cycle (a 1 ms wheel), so every connection takes all frames
 * of one cycle in one syscall, the flushes of a large room are spread evenly over the cycle instead
 * of arriving as one burst, and no frame waits longer than {@code maxDelay}. Any other frame (small
 * rooms, replies, private messages) is flushed at the end of the turn, taking waiting ones along.
 */
final class FlushBatch {

    /** Connections flushed per {@code maxDelay} from which this loop counts as under sustained load. */
    static final int BUSY = 32;

    private static final long SLOT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /**
     * A JDK ThreadLocal, not Netty's FastThreadLocal: no Netty object in a static field (it would be
     * built into the native image's heap). Looked up once per connection, then kept in {@link Flushable#batch}.
     */
    private static final ThreadLocal<FlushBatch> PER_LOOP = new ThreadLocal<>();

    private final EventExecutor loop;
    private final List<Flushable> endOfTurn = new ArrayList<>();
    private final Runnable flushEndOfTurn = this::flushEndOfTurn;
    private final Runnable tick = this::tick;
    private boolean endOfTurnScheduled;

    // The pacing wheel: slot = due time in ms modulo its length; sized once, on first use, from maxDelay.
    private List<Flushable>[] wheel;
    private int paced;
    private long nextSlotMillis; // the first slot not yet flushed
    private boolean tickScheduled;

    // Load: connections flushed in the current and the previous window of maxDelay.
    private long windowStart;
    private int flushedThisWindow;
    private int flushedLastWindow;

    private FlushBatch(EventExecutor loop) {
        this.loop = loop;
    }

    /**
     * Call on the connection's event loop, after giving it a frame.
     *
     * @param maxDelayNanos how long this frame may wait for others (a big fan-out); 0 for end of turn
     */
    static void mark(Flushable connection, long maxDelayNanos) {
        FlushBatch batch = connection.batch;
        if (batch == null) {
            batch = PER_LOOP.get();
            if (batch == null) {
                batch = new FlushBatch(connection.ctx.executor());
                PER_LOOP.set(batch);
            }
            connection.batch = batch;
        }
        batch.add(connection, maxDelayNanos);
    }

    private void add(Flushable connection, long maxDelayNanos) {
        if (connection.state == Flushable.END_OF_TURN) {
            return;
        }
        if (maxDelayNanos > 0 && (connection.state == Flushable.PACED || busy(maxDelayNanos))) {
            if (connection.state == Flushable.IDLE) {
                pace(connection, maxDelayNanos);
            }
            return;
        }
        connection.state = Flushable.END_OF_TURN; // if it was paced, its wheel entry is skipped
        endOfTurn.add(connection);
        if (!endOfTurnScheduled) {
            endOfTurnScheduled = true;
            loop.execute(flushEndOfTurn);
        }
    }

    private boolean busy(long maxDelayNanos) {
        roll(System.nanoTime(), maxDelayNanos);
        return flushedThisWindow + flushedLastWindow >= BUSY;
    }

    private void roll(long now, long windowNanos) {
        if (now - windowStart >= windowNanos) {
            flushedLastWindow = now - windowStart < 2 * windowNanos ? flushedThisWindow : 0;
            flushedThisWindow = 0;
            windowStart = now;
        }
    }

    @SuppressWarnings("unchecked")
    private void pace(Flushable connection, long maxDelayNanos) {
        if (wheel == null) {
            wheel = new List[(int) (maxDelayNanos / SLOT_NANOS) + 2];
            for (int i = 0; i < wheel.length; i++) {
                wheel[i] = new ArrayList<>();
            }
            nextSlotMillis = System.nanoTime() / SLOT_NANOS;
        }
        long now = System.nanoTime();
        if (connection.phaseNanos < 0) {
            connection.phaseNanos = ThreadLocalRandom.current().nextLong(maxDelayNanos);
        }
        long due = now + Math.floorMod(connection.phaseNanos - now, maxDelayNanos);
        long slot = Math.max(due / SLOT_NANOS, nextSlotMillis);
        wheel[(int) (slot % wheel.length)].add(connection);
        connection.state = Flushable.PACED;
        paced++;
        if (!tickScheduled) {
            tickScheduled = true;
            loop.schedule(tick, Math.max(0, slot * SLOT_NANOS - now), TimeUnit.NANOSECONDS);
        }
    }

    private void tick() {
        tickScheduled = false;
        long nowMillis = System.nanoTime() / SLOT_NANOS;
        for (; nextSlotMillis <= nowMillis && paced > 0; nextSlotMillis++) {
            List<Flushable> due = wheel[(int) (nextSlotMillis % wheel.length)];
            for (int i = 0; i < due.size(); i++) {
                Flushable connection = due.get(i);
                paced--;
                if (connection.state == Flushable.PACED) { // not taken by an end-of-turn flush meanwhile
                    connection.state = Flushable.IDLE;
                    connection.flushNow();
                    flushedThisWindow++;
                }
            }
            due.clear();
        }
        nextSlotMillis = Math.max(nextSlotMillis, nowMillis + 1);
        if (paced > 0) {
            tickScheduled = true;
            loop.schedule(tick, Math.max(0, nextSlotMillis * SLOT_NANOS - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    private void flushEndOfTurn() {
        endOfTurnScheduled = false;
        for (int i = 0; i < endOfTurn.size(); i++) {
            Flushable connection = endOfTurn.get(i);
            connection.state = Flushable.IDLE;
            connection.flushNow();
        }
        flushedThisWindow += endOfTurn.size();
        endOfTurn.clear();
    }

    /** A connection as the batch sees it: where it is listed, and its phase in the pacing cycle. */
    abstract static class Flushable {
        static final int IDLE = 0;
        static final int END_OF_TURN = 1;
        static final int PACED = 2;

        final ChannelHandlerContext ctx;
        FlushBatch batch; // its loop's batch, found on first use; event-loop confined like the rest
        int state; // event-loop confined
        long phaseNanos = -1;

        Flushable(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        /** Writes what it holds into the channel and flushes it. */
        abstract void flushNow();
    }
}
