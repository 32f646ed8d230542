package dev.roomcast.delivery;

import java.util.Arrays;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.util.concurrent.EventExecutor;

/**
 * One connection's outbound path. Frames are shared, pre-framed bytes ({@link SharedFrame}); they
 * collect here, on the connection's event loop, until {@link FlushBatch} flushes the loop's
 * connections, and then go into the Netty channel as one buffer: several frames cost one pipeline
 * write and one syscall. What is queued is counted in bytes: accepted here but not yet in the
 * channel, plus Netty's own pending bytes not yet taken by the socket. The latter is cached at each
 * flush (reading the channel on every send costs a few cache misses per recipient of a fan-out) and
 * read live only when the cached sum nears the bound. When the bound would be passed the client is
 * too slow: it is dropped through {@code onOverflow} and nothing more is queued for it, so a slow
 * reader costs at most the bound in memory and never delays anyone else. A client that asked for the
 * batched format gets the frames of one flush packed into one ({@link PackedFrames}).
 */
public final class Outbox extends FlushBatch.Flushable {

    /** Frames up to this size are copied into one buffer per flush; larger ones are written as they are. */
    private static final int COPY_LIMIT = 1024;

    private final EventExecutor loop;
    private final long maxQueuedBytes;
    private final long flushDelayNanos;
    private final boolean packed;
    private final Runnable onOverflow;
    private final Runnable onDrop;
    // Counters live in this object (field updaters, not Atomic* objects): a fan-out touches it for every recipient.
    private static final AtomicLongFieldUpdater<Outbox> ACCEPTED = AtomicLongFieldUpdater.newUpdater(Outbox.class,
            "acceptedBytes");
    private static final AtomicIntegerFieldUpdater<Outbox> OVERFLOWED = AtomicIntegerFieldUpdater.newUpdater(Outbox.class,
            "overflowed");
    /** Accepted by {@link #send} and not yet written into the channel. */
    private volatile long acceptedBytes;
    /** Netty's pending outbound bytes for this channel right after the last flush. */
    private volatile long channelBytes;
    private volatile int overflowed;

    // Event-loop confined: frames waiting for the flush, each holding one reference of its shared buffer.
    private ByteBuf[] pending = new ByteBuf[4];
    private int pendingCount;
    private int pendingBytes;

    /**
     * {@code packed}: the client accepts the batched format. {@code onOverflow} runs once, when the bound is
     * first passed; {@code onDrop} for every frame not queued.
     */
    public Outbox(ChannelHandlerContext ctx, long maxQueuedBytes, long flushDelayNanos, boolean packed,
            Runnable onOverflow, Runnable onDrop) {
        super(ctx);
        this.flushDelayNanos = flushDelayNanos;
        this.packed = packed;
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
        if (overflowed != 0) {
            onDrop.run();
            return false;
        }
        int size = frame.wireSize();
        long accepted = acceptedBytes;
        if (accepted + channelBytes + size > maxQueuedBytes && accepted + liveChannelBytes() + size > maxQueuedBytes) {
            if (OVERFLOWED.compareAndSet(this, 0, 1)) {
                onOverflow.run();
            }
            onDrop.run();
            return false;
        }
        ACCEPTED.addAndGet(this, size);
        if (loop.inEventLoop()) {
            add(frame.bytes(), frame.bigFanout());
        } else {
            frame.handOver(loop, this);
        }
        return true;
    }

    /** The loop refused the hand-over (shutting down): the frame is not coming. */
    void handOverCancelled(int size) {
        ACCEPTED.addAndGet(this, -size);
    }

    /**
     * Runs {@code action} on the event loop once every frame accepted so far is in the channel:
     * for writes that bypass this outbox (close, ping) and must not overtake queued frames.
     */
    public void afterQueued(Runnable action) {
        if (loop.inEventLoop()) {
            intoChannel();
            action.run();
            return;
        }
        try {
            loop.execute(() -> {
                intoChannel();
                action.run();
            });
        } catch (RejectedExecutionException shuttingDown) {
            // the channel is going away with its loop
        }
    }

    @Override
    void flushNow() {
        intoChannel();
        ctx.flush();
        channelBytes = liveChannelBytes();
    }

    /** On this connection's loop: takes a reference to the shared frame until the flush. */
    void add(ByteBuf shared, boolean bigFanout) {
        if (pendingCount == pending.length) {
            pending = Arrays.copyOf(pending, pendingCount * 2);
        }
        pending[pendingCount++] = shared.retain();
        pendingBytes += shared.readableBytes();
        FlushBatch.mark(this, bigFanout ? flushDelayNanos : 0);
    }

    /** Moves the pending frames into the channel (unflushed): packed, or small ones copied into one buffer. */
    private void intoChannel() {
        if (pendingCount == 0) {
            return;
        }
        int count = pendingCount;
        int bytes = pendingBytes;
        pendingCount = 0;
        pendingBytes = 0;
        if (!ctx.channel().isActive()) {
            releasePending(count);
        } else if (packed && count > 1) {
            ByteBuf out = PackedFrames.pack(ctx.alloc(), pending, count, bytes);
            releasePending(count);
            ctx.write(out, ctx.voidPromise());
        } else if (count > 1 && bytes <= COPY_LIMIT * count) {
            ByteBuf out = ctx.alloc().directBuffer(bytes);
            for (int i = 0; i < count; i++) {
                ByteBuf frame = pending[i];
                out.writeBytes(frame, frame.readerIndex(), frame.readableBytes());
            }
            releasePending(count);
            ctx.write(out, ctx.voidPromise());
        } else {
            for (int i = 0; i < count; i++) {
                ctx.write(pending[i].retainedDuplicate(), ctx.voidPromise()); // the shared indexes stay untouched
            }
            releasePending(count);
        }
        ACCEPTED.addAndGet(this, -bytes);
    }

    private void releasePending(int count) {
        for (int i = 0; i < count; i++) {
            pending[i].release();
            pending[i] = null;
        }
    }

    /** The exact figure, read only when the cached one says the bound is near. */
    private long liveChannelBytes() {
        ChannelOutboundBuffer inChannel = ctx.channel().unsafe().outboundBuffer();
        return inChannel == null ? 0 : inChannel.totalPendingWriteBytes();
    }
}
