package dev.roomcast.endpoint;

import java.util.List;

import java.time.Duration;
import java.time.Instant;

import org.jboss.logging.Logger;

import dev.roomcast.config.RoomcastConfig;
import dev.roomcast.config.SecurityConfig;
import dev.roomcast.delivery.VertxSockets;
import dev.roomcast.delivery.WebSocketTransport;
import dev.roomcast.protocol.ClientMessage;
import dev.roomcast.protocol.ClientMessageCodec;
import dev.roomcast.protocol.CloseCode;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.protocol.RawJson;
import dev.roomcast.security.Handshake;
import dev.roomcast.security.MessageRate;
import dev.roomcast.session.Identity;
import dev.roomcast.session.Session;
import dev.roomcast.telemetry.RoomcastMetrics;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.InboundProcessingMode;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * The {@code /ws} endpoint: turns WebSocket events into dispatcher calls, in order per connection.
 * Everything runs on the connection's event loop. The upgrade was already checked by the security
 * layer's {@code UpgradeGate}, which left the connection's identity and options in its user data.
 */
@WebSocket(path = Handshake.PATH, inboundProcessingMode = InboundProcessingMode.CONCURRENT)
public class RoomcastSocket {

    private static final Logger LOG = Logger.getLogger(RoomcastSocket.class);
    private static final TypedKey<OpenConnection> OPEN = new TypedKey<>("roomcast.open");

    private final RequestDispatcher dispatcher;
    private final ClientMessageCodec codec;
    private final RequestTelemetry telemetry;
    private final RoomcastMetrics metrics;
    private final long maxQueuedBytes;
    private final long flushDelayNanos;
    private final SecurityConfig security;
    private final Vertx vertx;

    RoomcastSocket(RequestDispatcher dispatcher, ClientMessageCodec codec, RequestTelemetry telemetry,
            RoomcastConfig config, RoomcastMetrics metrics, Vertx vertx) {
        this.vertx = vertx;
        this.dispatcher = dispatcher;
        this.codec = codec;
        this.telemetry = telemetry;
        this.metrics = metrics;
        this.maxQueuedBytes = config.outbound().maxQueuedBytes();
        this.flushDelayNanos = config.outbound().maxFlushDelay().toNanos();
        this.security = config.security();
    }

    @OnOpen
    @NonBlocking
    Uni<Void> onOpen(WebSocketConnection connection) {
        UserData handshake = connection.userData();
        Handshake.Refused refused = handshake.get(Handshake.REFUSED);
        if (refused != null) {
            return closeRefused(connection, refused);
        }
        Identity identity = handshake.get(Handshake.IDENTITY);
        WebSocketTransport transport = new WebSocketTransport(connection, maxQueuedBytes, flushDelayNanos,
                handshake.get(Handshake.BATCH) != null, metrics);
        Session session = new Session(connection.id(), identity.user(), identity.grants(), transport, metrics);
        MessageRate rate = new MessageRate(security.messagesPerSecond(), security.messageBurst(),
                security.bytesPerSecond(), security.byteBurst(), security.abuseLimit());
        transport.inspectInbound(InboundFrameGuard.NAME, new InboundFrameGuard(transport, rate, session));
        OpenConnection open = new OpenConnection(session, rate, handshake.get(Handshake.RESERVATION));
        List<ClientMessage.Join> initialJoins = Handshake.initialJoins(handshake.get(Handshake.ROOMS),
                handshake.get(Handshake.SINCE));
        ClientMessage.Since inboxSince = handshake.get(Handshake.INBOX_SINCE);
        ClientMessage.Since broadcastSince = handshake.get(Handshake.BROADCAST_SINCE);
        handshake.clear();
        handshake.put(OPEN, open);
        if (identity.expires()) {
            long delay = Math.max(1, identity.expiresAtMillis() - System.currentTimeMillis());
            open.expiryTimer = vertx.setTimer(delay, t -> session.close(CloseCode.TOKEN_EXPIRED));
        }
        open.place.opened();
        metrics.connectionAccepted();
        return uni(open.requests.next(() -> dispatcher.open(session, initialJoins, inboxSince, broadcastSince)));
    }

    /**
     * An upgrade refused for good, for a client that asked to hear it as a close ({@code ?refusal=close}):
     * closed at once, holding its place under the caps until it is closed; a client that does not answer the
     * close is cut off by Vert.x after its closing timeout, or by the handshake deadline (no heartbeat here).
     */
    private static Uni<Void> closeRefused(WebSocketConnection connection, Handshake.Refused refused) {
        connection.userData().get(Handshake.RESERVATION).opened();
        // Vert.x would answer its pings (after the Close, too) and reassemble its messages: none of it is read
        VertxSockets.addAfterFrameDecoder(VertxSockets.of(connection), InboundFrameGuard.NAME,
                new InboundFrameGuard.RefusedConnection());
        return connection.close(refused.toCloseReason());
    }

    /**
     * Requests are carried out in arrival order, each after the one before has finished (the returned
     * Uni completes with it). Every message costs a token of the connection's rate, readable or not (its
     * bytes, its continuation frames and control frames are charged in {@link InboundFrameGuard}); over
     * the rate it is refused as {@code rate_limited} whatever it held. The endpoint decodes frames itself
     * so that a refusal takes its turn among the replies: WebSockets Next would hand a decoding failure
     * to the error handler on a later event-loop task, after the requests read with it.
     */
    @OnTextMessage
    @NonBlocking
    Uni<Void> onText(String text, WebSocketConnection connection) {
        OpenConnection open = open(connection);
        if (open == null) {
            return Uni.createFrom().voidItem();
        }
        open.session.touch();
        MessageRate.Verdict verdict = open.rate.check();
        Span span = telemetry.arrived(text);
        ClientMessage request;
        try {
            request = codec.decode(text);
        } catch (ProtocolException unreadable) {
            telemetry.unreadable(span, text, unreadable);
            return verdict == MessageRate.Verdict.ALLOW ? refuse(open, unreadable, false)
                    : rateLimited(open, unreadable.ref(), verdict);
        }
        telemetry.read(span, text, request);
        if (verdict != MessageRate.Verdict.ALLOW) {
            span.end();
            return rateLimited(open, request.ref(), verdict);
        }
        return uni(open.requests.next(() -> {
            long start = System.nanoTime();
            Future<Void> done;
            try (Scope scope = span.makeCurrent()) {
                done = dispatcher.handle(open.session, request);
            }
            return done.onComplete(handled -> telemetry.handled(span, request, System.nanoTime() - start));
        }));
    }

    @OnBinaryMessage
    @NonBlocking
    Uni<Void> onBinary(Buffer frame, WebSocketConnection connection) {
        OpenConnection open = open(connection);
        if (open == null) {
            return Uni.createFrom().voidItem();
        }
        open.session.touch();
        MessageRate.Verdict verdict = open.rate.check();
        if (verdict != MessageRate.Verdict.ALLOW) {
            return rateLimited(open, null, verdict);
        }
        return refuse(open, new ProtocolException(ErrorCode.BINARY_NOT_SUPPORTED,
                "binary frames are not supported; send JSON text frames", null), false);
    }

    @OnPongMessage
    @NonBlocking
    void onPong(Buffer data, WebSocketConnection connection) {
        OpenConnection open = open(connection);
        if (open != null) {
            open.session.touch();
        }
    }

    @OnClose
    @NonBlocking
    void onClose(WebSocketConnection connection) {
        OpenConnection open = connection.userData().get(OPEN);
        if (open != null) {
            if (open.expiryTimer >= 0) {
                vertx.cancelTimer(open.expiryTimer);
            }
            open.place.release();
            dispatcher.close(open.session);
            CloseReason reason = connection.closeReason();
            metrics.connectionClosed(reason == null ? 1006 : reason.getCode(),
                    Duration.between(connection.creationTime(), Instant.now()));
        } else if (connection.userData().get(Handshake.REFUSED) != null) {
            connection.userData().get(Handshake.RESERVATION).release(); // counted as rejected at the upgrade
        }
    }

    /** The frame was over the connection's rate: {@code rate_limited}, and a 1008 close once that is abuse. */
    private Uni<Void> rateLimited(OpenConnection open, RawJson ref, MessageRate.Verdict verdict) {
        return refuse(open, new ProtocolException(ErrorCode.RATE_LIMITED,
                "over " + security.messagesPerSecond() + " requests or " + security.bytesPerSecond()
                        + " bytes a second; this one was dropped", ref),
                verdict == MessageRate.Verdict.ABUSE);
    }

    /** An error reply, sent after the replies to the requests before it; then a close, for abuse. */
    private Uni<Void> refuse(OpenConnection open, ProtocolException refused, boolean thenClose) {
        return uni(open.requests.next(() -> {
            dispatcher.refuse(open.session, refused);
            if (thenClose) {
                open.session.close(CloseCode.POLICY_VIOLATION);
            }
            return Future.succeededFuture();
        }));
    }

    @OnError
    @NonBlocking
    void onFailure(Throwable failure, WebSocketConnection connection) {
        if (connection.isClosed()) {
            return;
        }
        CloseCode code;
        if (FrameLimits.isMessageTooBig(failure)) {
            // A fragmented message grew past the limit; Vert.x dropped it but keeps the socket open.
            code = CloseCode.MESSAGE_TOO_BIG;
        } else {
            LOG.errorf(failure, "unexpected failure on %s", connection.id());
            code = CloseCode.INTERNAL_ERROR;
        }
        connection.close(code.toCloseReason()).subscribe().with(
                closed -> LOG.debugf("closed %s with %d", connection.id(), code.code()),
                notClosed -> LOG.debugf("closing %s failed: %s", connection.id(), notClosed));
    }

    private static Uni<Void> uni(Future<Void> done) {
        return done.isComplete() && done.succeeded() ? Uni.createFrom().voidItem()
                : Uni.createFrom().completionStage(done.toCompletionStage());
    }

    /** The connection's state; null for a refused upgrade that is being closed (what it sends is ignored). */
    private static OpenConnection open(WebSocketConnection connection) {
        OpenConnection open = connection.userData().get(OPEN);
        if (open == null && connection.userData().get(Handshake.REFUSED) == null) {
            throw new IllegalStateException("no session for " + connection.id());
        }
        return open;
    }
}
