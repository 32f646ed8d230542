package dev.roomcast.delivery;

import java.util.Arrays;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

/**
 * The frames one {@link Outbox} collected since its last flush, each holding one reference of its buffer, and
 * how they go into the channel: packed for a client of the batched format, small ones copied into one buffer,
 * large ones written as they are. Event-loop confined.
 */
final class PendingFrames {

    /** Frames up to this size are copied into one buffer per flush; larger ones are written as they are. */
    private static final int COPY_LIMIT = 1024;

    private final boolean packed;
    private ByteBuf[] frames = new ByteBuf[4];
    private int count;
    private int bytes;
    /** The part of {@link #bytes} counted against the outbound bound (a replay is not). */
    private int counted;

    PendingFrames(boolean packed) {
        this.packed = packed;
    }

    /** Takes a frame whose reference it now owns; {@code counted}: it is in the outbox's bound. */
    void append(ByteBuf frame, boolean counted) {
        if (count == frames.length) {
            frames = Arrays.copyOf(frames, count * 2);
        }
        frames[count++] = frame;
        bytes += frame.readableBytes();
        if (counted) {
            this.counted += frame.readableBytes();
        }
    }

    /**
     * Writes them into the channel (unflushed), or drops them if the channel is gone.
     *
     * @return the bytes of those that were counted against the bound
     */
    int writeInto(ChannelHandlerContext ctx) {
        if (count == 0) {
            return 0;
        }
        int n = count;
        int total = bytes;
        int written = counted;
        count = 0;
        bytes = 0;
        counted = 0;
        if (!ctx.channel().isActive()) {
            release(n);
        } else if (packed && n > 1) {
            ByteBuf out = PackedFrames.pack(ctx.alloc(), frames, n, total);
            release(n);
            ctx.write(out, ctx.voidPromise());
        } else if (n > 1 && total <= COPY_LIMIT * n) {
            ByteBuf out = ctx.alloc().directBuffer(total);
            for (int i = 0; i < n; i++) {
                ByteBuf frame = frames[i];
                out.writeBytes(frame, frame.readerIndex(), frame.readableBytes());
            }
            release(n);
            ctx.write(out, ctx.voidPromise());
        } else {
            for (int i = 0; i < n; i++) {
                ctx.write(frames[i].retainedDuplicate(), ctx.voidPromise()); // the shared indexes stay untouched
            }
            release(n);
        }
        return written;
    }

    private void release(int n) {
        for (int i = 0; i < n; i++) {
            frames[i].release();
            frames[i] = null;
        }
    }
}
