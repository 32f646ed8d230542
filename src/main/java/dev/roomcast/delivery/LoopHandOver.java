package dev.roomcast.delivery;

import java.util.Arrays;
import java.util.concurrent.RejectedExecutionException;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;

/**
 * The recipients of one frame that live on one other event loop. A fan-out hands the frame to each
 * such loop once, as one task, instead of one task (a queue offer and maybe a wake-up) per recipient.
 * Built by the delivering thread, then run on the target loop.
 */
final class LoopHandOver implements Runnable {

    final EventExecutor loop;
    private final ByteBuf frame; // one reference for this hand-over, released when it has run
    private final int wireSize;
    private final boolean bigFanout;
    private Outbox[] recipients = new Outbox[8];
    private int count;

    LoopHandOver(EventExecutor loop, ByteBuf frame, int wireSize, boolean bigFanout) {
        this.loop = loop;
        this.bigFanout = bigFanout;
        this.frame = frame.retain();
        this.wireSize = wireSize;
    }

    void add(Outbox recipient) {
        if (count == recipients.length) {
            recipients = Arrays.copyOf(recipients, count * 2);
        }
        recipients[count++] = recipient;
    }

    /** Queues this hand-over on its loop; if the loop is shutting down, nothing is written. */
    void dispatch() {
        try {
            loop.execute(this);
        } catch (RejectedExecutionException shuttingDown) {
            for (int i = 0; i < count; i++) {
                recipients[i].handOverCancelled(wireSize);
            }
            frame.release();
        }
    }

    @Override
    public void run() {
        try {
            for (int i = 0; i < count; i++) {
                recipients[i].add(frame, bigFanout);
            }
        } finally {
            frame.release();
        }
    }
}
