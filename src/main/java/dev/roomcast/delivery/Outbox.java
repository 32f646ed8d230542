package dev.roomcast.delivery;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.util.concurrent.EventExecutor;

/**
 * One connection's outbound path. Frames go straight into the connection's Netty channel as shared,
 * pre-framed bytes (written on its event loop, flushed once per loop turn by {@link FlushBatch}).
 * What is queued is counted in bytes: handed to the event loop but not yet written into the channel,
 * plus Netty's own pending bytes not yet accepted by the socket. When that would pass the bound the
 * client is too slow: it is dropped through {@code onOverflow} and nothing more is queued for it, so
 * a slow reader costs at most the bound in memory and never delays anyone else.
 */
public final class Outbox extends FlushBatch.Flushable {

    private final EventExecutor loop;
    private final long maxQueuedBytes;
    private final long flushDelayNanos;
    private final Runnable onOverflow;
    private final Runnable onDrop;
    private final AtomicLong handedOverBytes = new AtomicLong();
    private final AtomicBoolean overflowed = new AtomicBoolean();

    /** {@code onOverflow} runs once, when the bound is first passed; {@code onDrop} for every frame not queued. */
    public Outbox(ChannelHandlerContext ctx, long maxQueuedBytes, long flushDelayNanos, Runnable onOverflow,
            Runnable onDrop) {
        super(ctx);
        this.flushDelayNanos = flushDelayNanos;
        this.loop = ctx.executor();
        this.maxQueuedBytes = maxQueuedBytes;
        this.onOverflow = onOverflow;
        this.onDrop = onDrop;
    }

    /**
     * Queues the frame; never blocks, never copies the payload.
     *
     * @return false when the frame was dropped because the connection overflowed
     */
    public boolean send(SharedFrame frame) {
        if (overflowed.get()) {
            onDrop.run();
            return false;
        }
        int size = frame.wireSize();
        if (queuedBytes() + size > maxQueuedBytes) {
            if (overflowed.compareAndSet(false, true)) {
                onOverflow.run();
            }
            onDrop.run();
            return false;
        }
        if (loop.inEventLoop()) {
            write(frame.retainedFrame(), frame.bigFanout());
            return true;
        }
        handedOverBytes.addAndGet(size);
        frame.handOver(loop, this);
        return true;
    }

    /** On this connection's loop: a frame another thread handed over (see {@link LoopHandOver}). */
    void handedOver(ByteBuf bytes, int size, boolean bigFanout) {
        handedOverBytes.addAndGet(-size);
        write(bytes, bigFanout);
    }

    /** The loop refused the hand-over (shutting down): the frame is not coming. */
    void handOverCancelled(int size) {
        handedOverBytes.addAndGet(-size);
    }

    private void write(ByteBuf bytes, boolean mayWait) {
        if (!ctx.channel().isActive()) {
            bytes.release();
            return;
        }
        ctx.write(bytes, ctx.voidPromise());
        FlushBatch.mark(this, mayWait ? flushDelayNanos : 0);
    }

    private long queuedBytes() {
        ChannelOutboundBuffer pending = ctx.channel().unsafe().outboundBuffer();
        return handedOverBytes.get() + (pending == null ? 0 : pending.totalPendingWriteBytes());
    }
}
