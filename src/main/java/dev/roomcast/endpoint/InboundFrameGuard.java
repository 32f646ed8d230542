package dev.roomcast.endpoint;

import dev.roomcast.delivery.WebSocketTransport;
import dev.roomcast.protocol.CloseCode;
import dev.roomcast.security.MessageRate;
import dev.roomcast.session.Session;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * Sees every frame a client sends before Vert.x does. Vert.x answers pings itself, writing pongs past
 * Roomcast's outbox, and reassembles fragments without counting them: a client that sent pings and never
 * read grew the pongs in memory without limit, and millions of empty continuation frames were never
 * refused. So here every ping, pong and continuation frame costs a token of the connection's rate (text
 * and binary messages are charged by the endpoint when whole), and every data frame's bytes are charged
 * to its byte rate as they arrive (real bytes, not characters): a ping over the rate is
 * dropped unanswered, and past the abuse limit the connection is closed with 1008. A pong counts against
 * the slow-consumer bound like any outbound byte: a ping whose pong would pass it closes the connection
 * with 4002. Once a close was asked for, whatever the client sends but its Close is dropped.
 */
final class InboundFrameGuard extends ChannelInboundHandlerAdapter {

    static final String NAME = "roomcast-inbound-guard";
    /** A pong's frame header, on top of its payload. */
    private static final int PONG_HEADER = 2;

    private final WebSocketTransport transport;
    private final MessageRate rate;
    private final Session session;

    InboundFrameGuard(WebSocketTransport transport, MessageRate rate, Session session) {
        this.transport = transport;
        this.rate = rate;
        this.session = session;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (frame instanceof CloseWebSocketFrame) {
            transport.closedByPeer(); // Vert.x answers it at once: whatever is queued goes first, nothing after
            ctx.fireChannelRead(msg);
            return;
        }
        if (transport.closing()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
            rate.bytes(frame.content().readableBytes()); // its token is charged once the message is whole
            ctx.fireChannelRead(msg);
            return;
        }
        if (frame instanceof ContinuationWebSocketFrame) {
            rate.bytes(frame.content().readableBytes());
        }
        MessageRate.Verdict verdict = rate.checkFrame();
        if (verdict == MessageRate.Verdict.ABUSE) {
            ReferenceCountUtil.release(msg);
            session.close(CloseCode.POLICY_VIOLATION);
            return;
        }
        if (frame instanceof PingWebSocketFrame ping && (verdict != MessageRate.Verdict.ALLOW
                || !transport.admitControl(ping.content().readableBytes() + PONG_HEADER))) {
            ReferenceCountUtil.release(msg); // unanswered; past the bound admitControl closed it with 4002
            return;
        }
        // A continuation over the rate still goes on (dropping it would corrupt its message); it counts as a refusal.
        ctx.fireChannelRead(msg);
    }

    /** For an upgrade refused by a close: everything the client sends but its Close is dropped unread (and unanswered). */
    static final class RefusedConnection extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof WebSocketFrame && !(msg instanceof CloseWebSocketFrame)) {
                ReferenceCountUtil.release(msg);
            } else {
                ctx.fireChannelRead(msg);
            }
        }
    }
}
