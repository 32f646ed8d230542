package dev.roomcast.delivery;

import java.util.List;

import org.jboss.logging.Logger;

import dev.roomcast.protocol.CloseCode;
import dev.roomcast.protocol.EncodedMessage;
import dev.roomcast.telemetry.RoomcastMetrics;
import io.netty.channel.ChannelHandler;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketBase;

/** A WebSockets Next connection with a bounded {@link Outbox}; overflow closes it as a slow consumer. */
public final class WebSocketTransport implements Transport {

    private static final Logger LOG = Logger.getLogger(WebSocketTransport.class);
    /** The ping payload; a Buffer is made per ping, never kept in a static field (see docs/operations.md, native). */
    private static final byte[] PING = { 'r', 'c' };

    private final WebSocketConnection connection;
    private final WebSocketBase socket;
    private final Outbox outbox;

    /** {@code packed}: the client asked for the batched format ({@code ?batch=1}). */
    public WebSocketTransport(WebSocketConnection connection, long maxQueuedBytes, long flushDelayNanos,
            boolean packed, RoomcastMetrics metrics) {
        this.connection = connection;
        this.socket = VertxSockets.of(connection);
        this.outbox = new Outbox(VertxSockets.channelContext(socket), maxQueuedBytes, flushDelayNanos, packed, () -> {
            LOG.debugf("%s: outbound queue over %d bytes, closing as slow consumer", connection.id(), maxQueuedBytes);
            metrics.slowConsumerDisconnected();
            close(CloseCode.SLOW_CONSUMER);
        }, metrics::outboundDropped);
    }

    @Override
    public boolean send(EncodedMessage message) {
        SharedFrame frame = SharedFrame.of(message);
        try {
            return outbox.send(frame);
        } finally {
            frame.release();
        }
    }

    @Override
    public boolean send(SharedFrame frame) {
        return outbox.send(frame);
    }

    @Override
    public void ping() {
        outbox.afterQueued(() -> socket.writePing(Buffer.buffer(PING)));
    }

    @Override
    public void replay(List<EncodedMessage> messages) {
        outbox.replay(messages);
    }

    @Override
    public FirstFrame reserveFirst() {
        return outbox.reserveFirst();
    }

    @Override
    public long replayRoom() {
        return outbox.replayRoom();
    }

    @Override
    public void close(EncodedMessage lastWords, int code, String reason) {
        // after the frames already queued, e.g. the error frame that explains a policy close
        outbox.close(lastWords, () -> {
            if (!connection.isClosed()) {
                socket.close((short) code, reason);
            }
        });
    }

    /** See {@link Outbox#admitControl}. */
    public boolean admitControl(int size) {
        return outbox.admitControl(size);
    }

    /** The client sent a Close, which Vert.x answers at once: what is queued goes first, nothing after. */
    public void closedByPeer() {
        outbox.closedByPeer();
    }

    /** A close was asked for: drop what the client sends, write nothing more. */
    public boolean closing() {
        return outbox.closing();
    }

    /** Puts {@code handler} in the connection's pipeline right after the WebSocket frame decoder. */
    public void inspectInbound(String name, ChannelHandler handler) {
        VertxSockets.addAfterFrameDecoder(socket, name, handler);
    }
}
