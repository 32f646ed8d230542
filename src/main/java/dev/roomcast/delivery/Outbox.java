package dev.roomcast.delivery;

import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

import dev.roomcast.protocol.EncodedMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
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
 * <p>
 * A replay from history is held back ({@link HeldBack}) and moved into the channel a chunk at a time, each
 * once the socket took the one before: it is bounded by the history's own limits, so it is not counted
 * against the bound, and a reader at socket speed gets all of it. Frames sent meanwhile wait behind it and
 * are counted. Once a close is asked for, nothing more is written: no frame may follow a Close (RFC 6455 §5.5.1).
 */
public final class Outbox extends FlushBatch.Flushable {

    private final EventExecutor loop;
    private final long maxQueuedBytes;
    private final long flushDelayNanos;
    private final Runnable onOverflow;
    private final Runnable onDrop;
    // Counters live in this object (field updaters, not Atomic* objects): a fan-out touches it for every recipient.
    private static final AtomicLongFieldUpdater<Outbox> ACCEPTED = AtomicLongFieldUpdater.newUpdater(Outbox.class,
            "acceptedBytes");
    private static final AtomicIntegerFieldUpdater<Outbox> OVERFLOWED = AtomicIntegerFieldUpdater.newUpdater(Outbox.class,
            "overflowed");
    private static final AtomicIntegerFieldUpdater<Outbox> CLOSING = AtomicIntegerFieldUpdater.newUpdater(Outbox.class,
            "closing");
    /** Accepted by {@link #send} and not yet written into the channel. */
    private volatile long acceptedBytes;
    /** Netty's pending outbound bytes for this channel right after the last flush. */
    private volatile long channelBytes;
    private volatile int overflowed;
    /** 1 once a close was asked for: nothing more is queued, and nothing is written after the Close frame. */
    private volatile int closing;

    // Event-loop confined: frames waiting for the flush.
    private final PendingFrames pending;
    /** A replay still to be written, and what was sent after it; null when none. */
    private HeldBack heldBack;
    private boolean awaitingDrain;

    /**
     * {@code packed}: the client accepts the batched format. {@code onOverflow} runs once, when the bound is
     * first passed; {@code onDrop} for every frame not queued.
     */
    public Outbox(ChannelHandlerContext ctx, long maxQueuedBytes, long flushDelayNanos, boolean packed,
            Runnable onOverflow, Runnable onDrop) {
        super(ctx);
        this.flushDelayNanos = flushDelayNanos;
        this.pending = new PendingFrames(packed);
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
        int size = frame.wireSize();
        if (closing != 0 || overflowed != 0 || !fits(size, false)) {
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

    /**
     * Messages from history, written in order after everything sent so far, as the socket drains; what is
     * sent after them waits behind them. Not counted against the bound (the history's limits bound them).
     */
    public void replay(List<EncodedMessage> messages) {
        if (messages.isEmpty() || closing != 0) {
            return;
        }
        onLoop(() -> {
            if (closing != 0) {
                return;
            }
            if (heldBack == null) {
                heldBack = new HeldBack();
            }
            heldBack.replay(messages);
            if (!awaitingDrain) {
                refill();
            }
        });
    }

    /** See {@link FirstFrame}; on the connection's loop, before anything is sent. */
    public FirstFrame reserveFirst() {
        HeldBack.Reserved place = new HeldBack.Reserved();
        if (heldBack == null) {
            heldBack = new HeldBack();
        }
        heldBack.reserve(place);
        return first -> onLoop(() -> {
            if (closing != 0 || place.frame != null) {
                return;
            }
            place.frame = first;
            if (!awaitingDrain) {
                refill();
            }
        });
    }

    /**
     * How many more bytes of replay this connection may be given now (on its loop): replays wait only for the
     * client to read them, so a client that does not read must not collect them (twice the bound at most).
     */
    public long replayRoom() {
        return Math.max(0, 2 * maxQueuedBytes - (heldBack == null ? 0 : heldBack.replayBytes()));
    }

    /**
     * Whether a control frame of {@code size} bytes that Vert.x writes itself (a pong) may be written: it
     * counts against the bound like every outbound byte. False once closing, or when it would pass the bound
     * (the connection is then closed as a slow consumer).
     */
    public boolean admitControl(int size) {
        return closing == 0 && overflowed == 0 && fits(size, true); // Vert.x writes pongs past the cached count
    }

    /** Whether {@code size} more bytes stay within the bound; if not, the connection overflowed (closed once). */
    private boolean fits(int size, boolean live) {
        long accepted = acceptedBytes + size;
        if (!live && accepted + channelBytes <= maxQueuedBytes || accepted + liveChannelBytes() <= maxQueuedBytes) {
            return true;
        }
        if (OVERFLOWED.compareAndSet(this, 0, 1)) {
            onOverflow.run();
        }
        return false;
    }

    /** A close was asked for: nothing more will be written. */
    public boolean closing() {
        return closing != 0;
    }

    /** On the loop, as the client's Close arrives: what is queued goes into the channel now, nothing after. */
    public void closedByPeer() {
        if (CLOSING.compareAndSet(this, 0, 1)) {
            dropHeldBack();
            intoChannel();
        }
    }

    /** The loop refused the hand-over (shutting down): the frame is not coming. */
    void handOverCancelled(int size) {
        ACCEPTED.addAndGet(this, -size);
    }

    /**
     * Runs {@code action} on the event loop once every frame accepted so far is in the channel (a replay
     * still held back excepted): for a ping, which must not overtake queued frames. Skipped once closing.
     */
    public void afterQueued(Runnable action) {
        onLoop(() -> {
            if (closing == 0) {
                intoChannel();
                action.run();
            }
        });
    }

    /**
     * Closes: {@code lastWords} (may be null) and then the close frame ({@code close}) are the last things
     * written, after the frames already in the queue; a replay still held back, and what waits behind it, is
     * dropped (the client resumes it from history when it reconnects). Nothing is queued after this call.
     */
    public void close(EncodedMessage lastWords, Runnable close) {
        if (!CLOSING.compareAndSet(this, 0, 1)) {
            return; // closed already: its Close frame is, or will be, the last thing written
        }
        onLoop(() -> {
            dropHeldBack();
            if (lastWords != null) {
                pending.append(SharedFrame.frame(lastWords.utf8()), false);
            }
            intoChannel();
            close.run();
        });
    }

    @Override
    void flushNow() {
        intoChannel();
        ctx.flush();
        channelBytes = liveChannelBytes();
        if (!ctx.channel().isActive()) {
            dropHeldBack();
        } else if (heldBack != null && !awaitingDrain && !heldBack.blocked()) {
            // An empty write completes once every byte before it is in the socket: then the next chunk.
            awaitingDrain = true;
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(written -> refill());
        }
    }

    /** On this connection's loop: takes a reference to the shared frame until the flush. */
    void add(ByteBuf shared, boolean bigFanout) {
        if (closing != 0) {
            ACCEPTED.addAndGet(this, -shared.readableBytes()); // after the close frame: never written
            return;
        }
        if (heldBack != null) {
            heldBack.behind(shared.retain());
            return;
        }
        pending.append(shared.retain(), true);
        FlushBatch.mark(this, bigFanout ? flushDelayNanos : 0);
    }

    /** Closing: a replay still held back, and what waits behind it, is never written. */
    private void dropHeldBack() {
        if (heldBack != null) {
            ACCEPTED.addAndGet(this, -heldBack.discard());
            heldBack = null;
        }
    }

    /** Moves the next chunk of what is held back into the queue; the flush writes it. */
    private void refill() {
        awaitingDrain = false;
        if (heldBack == null || closing != 0) {
            return;
        }
        heldBack.moveChunk(pending::append);
        if (heldBack.isEmpty()) {
            heldBack = null;
        }
        FlushBatch.mark(this, 0);
    }

    private void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException shuttingDown) {
            // the channel is going away with its loop
        }
    }

    /** Moves the pending frames into the channel (unflushed). */
    private void intoChannel() {
        ACCEPTED.addAndGet(this, -pending.writeInto(ctx));
    }

    /** The exact figure, read only when the cached one says the bound is near. */
    private long liveChannelBytes() {
        ChannelOutboundBuffer inChannel = ctx.channel().unsafe().outboundBuffer();
        return inChannel == null ? 0 : inChannel.totalPendingWriteBytes();
    }
}
