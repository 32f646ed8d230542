package dev.roomcast.delivery;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.roomcast.protocol.EncodedMessage;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;

/**
 * One connection's outbound path. Frames are handed to the socket at once (Netty keeps them in
 * order and writes them from the connection's event loop); this class counts the bytes handed
 * over but not yet written to the network. When that count would pass the bound the client is
 * too slow: it is dropped through {@code onOverflow} and nothing more is queued for it, so a slow
 * reader costs at most the bound in memory and never delays anyone else.
 */
public final class Outbox {

    private final WebSocketBase socket;
    private final long maxQueuedBytes;
    private final Runnable onOverflow;
    private final Runnable onDrop;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean overflowed = new AtomicBoolean();

    /** {@code onOverflow} runs once, when the bound is first passed; {@code onDrop} for every frame not queued. */
    public Outbox(WebSocketBase socket, long maxQueuedBytes, Runnable onOverflow, Runnable onDrop) {
        this.socket = socket;
        this.maxQueuedBytes = maxQueuedBytes;
        this.onOverflow = onOverflow;
        this.onDrop = onDrop;
    }

    /**
     * Queues the frame; never blocks. The shared byte array is wrapped, not copied.
     *
     * @return false when the frame was dropped because the connection overflowed
     */
    public boolean send(EncodedMessage message) {
        if (overflowed.get()) {
            onDrop.run();
            return false;
        }
        int size = message.size();
        if (queuedBytes.addAndGet(size) > maxQueuedBytes) {
            queuedBytes.addAndGet(-size);
            if (overflowed.compareAndSet(false, true)) {
                onOverflow.run();
            }
            onDrop.run();
            return false;
        }
        socket.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, message.utf8(), true))
                .onComplete(written -> queuedBytes.addAndGet(-size));
        return true;
    }
}
