package dev.roomcast.endpoint;

import org.jboss.logging.Logger;

import dev.roomcast.auth.Identity;
import dev.roomcast.config.RoomcastConfig;
import dev.roomcast.delivery.WebSocketTransport;
import dev.roomcast.protocol.ClientMessage;
import dev.roomcast.protocol.CloseCode;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.session.Session;
import java.time.Duration;
import java.time.Instant;

import dev.roomcast.protocol.ClientMessageCodec;
import dev.roomcast.security.ConnectionLimits;
import dev.roomcast.security.MessageRate;
import dev.roomcast.telemetry.RoomcastMetrics;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.TextDecodeException;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/** The {@code /ws} endpoint: turns WebSocket events into session calls. Everything runs on the event loop. */
@WebSocket(path = "/ws")
public class RoomcastSocket {

    private static final Logger LOG = Logger.getLogger(RoomcastSocket.class);
    private static final TypedKey<Session> SESSION = new TypedKey<>("roomcast.session");
    private static final TypedKey<MessageRate> RATE = new TypedKey<>("roomcast.rate");
    private static final TypedKey<Long> EXPIRY_TIMER = TypedKey.forLong("roomcast.expiry-timer");

    private final RequestDispatcher dispatcher;
    private final RoomcastMetrics metrics;
    private final long maxQueuedBytes;
    private final long flushDelayNanos;
    private final ConnectionLimits limits;
    private final RoomcastConfig.Security security;
    private final Vertx vertx;

    RoomcastSocket(RequestDispatcher dispatcher, RoomcastConfig config, RoomcastMetrics metrics, ConnectionLimits limits,
            Vertx vertx) {
        this.vertx = vertx;
        this.dispatcher = dispatcher;
        this.metrics = metrics;
        this.maxQueuedBytes = config.outbound().maxQueuedBytes();
        this.flushDelayNanos = config.outbound().maxFlushDelay().toNanos();
        this.limits = limits;
        this.security = config.security();
    }

    @OnOpen
    @NonBlocking
    Uni<Void> onOpen(WebSocketConnection connection) {
        Identity identity = connection.userData().get(HandshakeQuery.IDENTITY);
        Session session = new Session(connection.id(), identity.user(), identity.grants(),
                new WebSocketTransport(connection, maxQueuedBytes, flushDelayNanos,
                        connection.userData().get(HandshakeQuery.BATCH) != null, metrics), metrics);
        connection.userData().put(SESSION, session);
        if (identity.expires()) {
            long delay = Math.max(1, identity.expiresAtMillis() - System.currentTimeMillis());
            connection.userData().put(EXPIRY_TIMER, vertx.setTimer(delay, t -> session.close(CloseCode.TOKEN_EXPIRED)));
        }
        connection.userData().put(RATE, new MessageRate(security.messagesPerSecond(), security.messageBurst(),
                security.abuseLimit()));
        limits.opened(connection.userData().get(HandshakeQuery.ADDRESS));
        metrics.connectionAccepted();
        return uni(dispatcher.open(session, HandshakeQuery.initialRooms(connection.userData().get(HandshakeQuery.ROOMS))));
    }

    /** The returned Uni completes when the request is done: a connection's requests are handled in order. */
    @OnTextMessage
    @NonBlocking
    Uni<Void> onText(ClientMessage request, WebSocketConnection connection) {
        Session session = session(connection);
        session.touch();
        Span span = receiveSpan();
        MessageRate.Verdict verdict = connection.userData().get(RATE).check();
        if (verdict != MessageRate.Verdict.ALLOW) {
            dispatcher.refuse(session, new ProtocolException(ErrorCode.RATE_LIMITED,
                    "over " + security.messagesPerSecond() + " requests a second; this one was dropped", request.ref()));
            if (verdict == MessageRate.Verdict.ABUSE) {
                session.close(CloseCode.POLICY_VIOLATION);
            }
            span.end();
            return Uni.createFrom().voidItem();
        }
        long start = System.nanoTime();
        Future<Void> done;
        try (Scope scope = span.makeCurrent()) {
            done = dispatcher.handle(session, request);
        }
        return uni(done.onComplete(handled -> {
            metrics.processed(request.type(), System.nanoTime() - start);
            span.end();
        }));
    }

    @OnBinaryMessage
    @NonBlocking
    void onBinary(Buffer frame, WebSocketConnection connection) {
        Session session = session(connection);
        session.touch();
        dispatcher.refuse(session, new ProtocolException(ErrorCode.BINARY_NOT_SUPPORTED,
                "binary frames are not supported; send JSON text frames", null));
    }

    @OnPongMessage
    @NonBlocking
    void onPong(Buffer data, WebSocketConnection connection) {
        session(connection).touch();
    }

    @OnClose
    @NonBlocking
    void onClose(WebSocketConnection connection) {
        Session session = connection.userData().get(SESSION);
        if (session != null) {
            Long expiryTimer = connection.userData().get(EXPIRY_TIMER);
            if (expiryTimer != null) {
                vertx.cancelTimer(expiryTimer);
            }
            limits.closed(connection.userData().get(HandshakeQuery.ADDRESS));
            dispatcher.close(session);
            CloseReason reason = connection.closeReason();
            metrics.connectionClosed(reason == null ? 1006 : reason.getCode(),
                    Duration.between(connection.creationTime(), Instant.now()));
        }
    }

    /** A request the codec refused: an error frame, the connection stays open. */
    @OnError
    @NonBlocking
    void onUndecodable(TextDecodeException e, WebSocketConnection connection) {
        Session session = session(connection);
        session.touch();
        ProtocolException refused = e.getCause() instanceof ProtocolException p ? p
                : new ProtocolException(ErrorCode.MALFORMED_JSON, "unreadable request", null);
        dispatcher.refuse(session, refused); // the codec already ended this message's span
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

    /** The span the codec started for this message (same per-message context); a no-op span if there is none. */
    private Span receiveSpan() {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Span.getInvalid();
        }
        Span span = context.getLocal(ClientMessageCodec.SPAN_KEY);
        context.removeLocal(ClientMessageCodec.SPAN_KEY);
        return span != null ? span : Span.getInvalid();
    }

    private static Uni<Void> uni(Future<Void> done) {
        return done.isComplete() && done.succeeded() ? Uni.createFrom().voidItem()
                : Uni.createFrom().completionStage(done.toCompletionStage());
    }

    private static Session session(WebSocketConnection connection) {
        Session session = connection.userData().get(SESSION);
        if (session == null) {
            throw new IllegalStateException("no session for " + connection.id());
        }
        return session;
    }
}
