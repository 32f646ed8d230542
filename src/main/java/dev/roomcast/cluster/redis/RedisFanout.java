package dev.roomcast.cluster.redis;

import org.jboss.logging.Logger;

import dev.roomcast.cluster.FanoutUnavailableException;
import dev.roomcast.cluster.HistoryWriter;
import dev.roomcast.cluster.LinkHealth;
import dev.roomcast.cluster.ByKind;
import dev.roomcast.cluster.LocalRecipients;
import dev.roomcast.cluster.Publishing;
import dev.roomcast.cluster.UserDirectory;
import dev.roomcast.cluster.Watching;
import dev.roomcast.protocol.EncodedMessage;
import dev.roomcast.telemetry.RoomcastMetrics;
import dev.roomcast.telemetry.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Request;

/**
 * Fan-out across instances through Redis pub/sub. The origin instance delivers to its own
 * connections at once and publishes one {@link Envelope} for the others; every instance ignores
 * envelopes it published itself, so nothing is delivered twice. All publishes of an instance go
 * through one connection in issue order, and each instance reads one subscriber connection,
 * so one sender's messages to a room arrive everywhere in the order sent.
 */
public final class RedisFanout implements Publishing, HistoryWriter, Watching, UserDirectory, LinkHealth {

    private static final Logger LOG = Logger.getLogger(RedisFanout.class);

    private final LocalRecipients local;
    private final String instanceId;
    private final Keys channels;
    private final RedisShards redis;
    private final RoomcastMetrics metrics;
    private final Tracing tracing;
    private final UserControl control;
    private ByKind<RedisHistory> history;

    public RedisFanout(LocalRecipients local, String instanceId, Keys channels, RedisShards redis, RoomcastMetrics metrics,
            Tracing tracing, Vertx vertx) {
        this.tracing = tracing;
        this.local = local;
        this.instanceId = instanceId;
        this.channels = channels;
        this.redis = redis;
        this.metrics = metrics;
        this.control = new UserControl(redis, channels, instanceId, local, vertx, redis.timeoutMillis());
    }

    /** Where room messages are appended; set before the first {@link #append}. */
    public void history(ByKind<RedisHistory> history) {
        this.history = history;
    }

    /** Takes Redis's messages and subscribes to the broadcast and reply channels; once, before Redis starts. */
    public void start() {
        redis.onMessage(this::onMessage);
        redis.subscribeGlobal(channels.all());
        control.start();
    }

    @Override
    public Future<dev.roomcast.cluster.UserConnections> connectionsOf(String user) {
        return control.ask(user, "who", 0, null);
    }

    @Override
    public Future<dev.roomcast.cluster.UserConnections> disconnect(String user, int code, String reason) {
        return control.ask(user, "kick", code, reason);
    }

    @Override
    public Future<Void> toRoom(String room, EncodedMessage message, String exceptSessionId) {
        return toRoom(room, message, exceptSessionId, null);
    }

    @Override
    public Future<Void> toRoomExceptUser(String room, EncodedMessage message, String exceptUser) {
        return toRoom(room, message, null, exceptUser);
    }

    private Future<Void> toRoom(String room, EncodedMessage message, String exceptSessionId, String exceptUser) {
        local.toRoom(room, message, exceptSessionId, exceptUser, null);
        Span span = tracing.publish(message, room);
        String channel = channels.room(room);
        return traced(span, timed(redis.send(channel, publish(channel, new Envelope(instanceId, Envelope.Kind.ROOM,
                room, exceptSessionId, exceptUser, message.type(), System.currentTimeMillis(), tracing.traceparent(span),
                message.utf8()))))).mapEmpty();
    }

    /**
     * One script appends, stamps and publishes (see {@link HistoryScripts#APPEND}); this instance delivers the
     * message when it comes back on the room's channel, like every other instance, so all deliver in offset
     * order. Not sent (Redis unreachable or known to be stuck): delivered here without an offset.
     */
    @Override
    public Future<Long> append(String room, EncodedMessage unstamped, String user, String id) {
        Span span = tracing.publish(unstamped, room);
        byte[] header = new Envelope(instanceId, Envelope.Kind.ROOM, room, null, null, unstamped.type(),
                System.currentTimeMillis(), tracing.traceparent(span), new byte[0]).header();
        Future<Long> appended = timed(history.of(room).append(room, channels.room(room), header, unstamped, user, id))
                .map(r -> r.get(0).toLong());
        return traced(span, appended).recover(failure -> {
            if (failure instanceof FanoutUnavailableException) {
                local.toRoom(room, unstamped, null, null, null);
            }
            return Future.failedFuture(failure);
        });
    }

    @Override
    public Future<Boolean> toUser(String user, EncodedMessage message) {
        int here = local.toUser(user, message, null);
        Span span = tracing.publish(message, null);
        // awaited by the sender (unknown_user), hence bounded; receivers counts this instance too when the user is here
        String channel = channels.user(user);
        return traced(span, timed(redis.command(channel, publish(channel,
                envelope(Envelope.Kind.USER, user, null, message, span))))).map(receivers -> here > 0 || receivers.toLong() > 0);
    }

    /** Here, or an instance subscribed to the user's channel (every instance with a connection of the user is). */
    @Override
    public Future<Boolean> hasUser(String user) {
        if (local.hasUser(user)) {
            return Future.succeededFuture(true);
        }
        String channel = channels.user(user);
        return redis.command(channel, redis.subscribers(channel)).map(reply -> reply.size() >= 2 && reply.get(1).toLong() > 0);
    }

    @Override
    public Future<Void> toAll(EncodedMessage message) {
        local.toAll(message, null);
        Span span = tracing.publish(message, null);
        return traced(span, timed(redis.publishGlobal(channels.all(),
                envelope(Envelope.Kind.ALL, null, null, message, span).encode()))).mapEmpty();
    }

    @Override
    public Future<Void> watchRoom(String room) {
        return redis.subscribe(channels.room(room));
    }

    @Override
    public void unwatchRoom(String room) {
        redis.unsubscribe(channels.room(room));
    }

    @Override
    public Future<Void> watchUser(String user) {
        return redis.subscribe(channels.user(user));
    }

    @Override
    public void unwatchUser(String user) {
        redis.unsubscribe(channels.user(user));
    }

    /** Only when this instance's canary comes back through Redis, not merely while a connection is open. */
    @Override
    public boolean available() {
        return redis.available();
    }

    @Override
    public long roundTripMillis() {
        return redis.roundTripMillis();
    }

    private Envelope envelope(Envelope.Kind kind, String target, String except, EncodedMessage message, Span span) {
        return new Envelope(instanceId, kind, target, except, null, message.type(), System.currentTimeMillis(),
                tracing.traceparent(span), message.utf8());
    }

    private static <T> Future<T> traced(Span span, Future<T> publish) {
        return publish.onComplete(done -> {
            if (done.failed()) {
                span.setStatus(StatusCode.ERROR, done.cause().getMessage());
            }
            span.end();
        });
    }

    private <T> Future<T> timed(Future<T> publish) {
        long start = System.nanoTime();
        return publish.onSuccess(ack -> metrics.published(System.nanoTime() - start));
    }

    /** A PUBLISH (SPUBLISH on a cluster); Redis answers with how many subscriber connections received it. */
    private Request publish(String channel, Envelope envelope) {
        return redis.publish(channel, envelope.encode());
    }

    /** An envelope from the subscriber connection: deliver it here unless this instance sent it. */
    void onMessage(String channel, Buffer raw) {
        if (control.isReply(channel) || UserControl.isRequest(raw)) {
            control.onMessage(channel, raw);
            return;
        }
        Envelope envelope;
        try {
            envelope = Envelope.decode(raw);
        } catch (IllegalArgumentException e) {
            LOG.debugf("ignored a malformed envelope on %s: %s", channel, e.getMessage());
            return;
        }
        boolean fromHistory = envelope.offset() >= 0;
        if (!fromHistory && instanceId.equals(envelope.origin())) {
            return; // already delivered here by the origin
        }
        metrics.lag(System.currentTimeMillis() - envelope.sentAtMillis());
        EncodedMessage message = new EncodedMessage(envelope.payload(), envelope.type());
        io.opentelemetry.context.Context publish = tracing.continueFrom(envelope.traceparent()); // origin's publish span
        if (fromHistory) {
            local.toRoomInOrder(envelope.target(), message, envelope.offset(), envelope.epoch(), publish);
            return;
        }
        switch (envelope.kind()) {
            case ROOM -> local.toRoom(envelope.target(), message, envelope.except(), envelope.exceptUser(), publish);
            case USER -> local.toUser(envelope.target(), message, publish);
            case ALL -> local.toAll(message, publish);
        }
    }
}
