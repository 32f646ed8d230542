package dev.roomcast.endpoint;

import java.util.List;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.roomcast.cluster.FanoutTimeoutException;
import dev.roomcast.cluster.FanoutUnavailableException;
import dev.roomcast.hook.HookVerdict;
import dev.roomcast.hook.Hooks;
import dev.roomcast.protocol.ClientMessage;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.protocol.RawJson;
import dev.roomcast.protocol.ServerMessage;
import dev.roomcast.room.Arrival;
import dev.roomcast.room.Membership;
import dev.roomcast.room.ReadMarks;
import dev.roomcast.room.Publisher;
import dev.roomcast.security.RequestLimits;
import dev.roomcast.session.ConnectionLoop;
import dev.roomcast.session.Session;
import dev.roomcast.telemetry.RoomcastMetrics;
import io.opentelemetry.context.Scope;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Carries out what clients ask for: checks each request against the limits and the connection's
 * grants, then hands it to {@link Membership} or {@link Publisher}. A connection's requests are handled
 * one at a time (the returned future completes when the next may start), on its own event loop, so
 * replies keep request order. A refused request becomes an error frame carrying the client's ref.
 * Every request type has its method here: {@link ClientMessage.Handler} makes a missing one a compile error.
 */
@Singleton
public class RequestDispatcher implements ClientMessage.Handler<Session, Future<Void>> {

    private static final Logger LOG = Logger.getLogger(RequestDispatcher.class);

    private final Membership membership;
    private final Arrival arrival;
    private final ReadMarks readMarks;
    private final Publisher publisher;
    private final RequestLimits limits;
    private final RoomcastMetrics metrics;
    private final Hooks hooks;
    private final boolean joinHook;
    private final boolean publishHook;

    RequestDispatcher(Membership membership, Arrival arrival, ReadMarks readMarks, Publisher publisher,
            RequestLimits limits, RoomcastMetrics metrics, Hooks hooks) {
        this.membership = membership;
        this.arrival = arrival;
        this.readMarks = readMarks;
        this.publisher = publisher;
        this.limits = limits;
        this.metrics = metrics;
        this.hooks = hooks;
        this.joinHook = hooks.joinOn();
        this.publishHook = hooks.publishOn();
    }

    /** A new connection: welcome it with its streams resumed (see {@link Arrival}), then join the rooms it named at connect. */
    public Future<Void> open(Session session, List<ClientMessage.Join> initialJoins, ClientMessage.Since inboxSince,
            ClientMessage.Since broadcastSince) {
        return arrival.welcome(session, inboxSince, broadcastSince).compose(welcomed -> {
            Future<Void> joins = Future.succeededFuture();
            for (ClientMessage.Join join : initialJoins) {
                joins = joins.compose(previous -> handle(session, join));
            }
            return joins;
        });
    }

    /** Handles one request; never fails (a refusal is an error frame). */
    public Future<Void> handle(Session session, ClientMessage request) {
        Context context = Vertx.currentContext();
        Future<Void> done;
        try {
            done = request.handleWith(this, session);
        } catch (RuntimeException e) {
            done = Future.failedFuture(e);
        }
        return ConnectionLoop.resume(context, done).recover(failure -> {
            if (failure instanceof ProtocolException refused) {
                refuse(session, refused);
            } else {
                LOG.errorf(failure, "%s failed on a %s request", session, request.type().wire());
                metrics.errorFrame(ErrorCode.INTERNAL_ERROR);
                session.send(new ServerMessage.Error(ErrorCode.INTERNAL_ERROR.wire(),
                        "the server failed to handle the request", request.ref()));
            }
            return Future.succeededFuture();
        });
    }

    public void refuse(Session session, ProtocolException refused) {
        metrics.errorFrame(refused.code());
        session.send(refused.toErrorMessage());
    }

    /** A closed connection leaves all its rooms; the other members are told. */
    public void close(Session session) {
        membership.disconnect(session);
    }

    @Override
    public Future<Void> join(ClientMessage.Join join, Session session) {
        String room = join.room();
        limits.checkRoomName(room, join.ref());
        if (!session.grants().mayJoin(room)) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "not allowed to join room '" + room + "'", join.ref());
        }
        if (!session.rooms().contains(room)) {
            limits.checkRoomCount(session.rooms().size(), join.ref());
        }
        if (joinHook) { // the connection's next request waits for the backend's decision
            io.opentelemetry.context.Context request = io.opentelemetry.context.Context.current();
            return hooks.join(session.user(), room, session.id()).compose(verdict -> {
                if (!verdict.allowed()) {
                    return Future.failedFuture(verdict.toProtocolException(join.ref()));
                }
                if (session.isClosed()) { // closed while the backend was asked: joined and left at once, it would
                    return Future.succeededFuture(); // tell the members (and webhooks) of someone already gone
                }
                try (Scope scope = request.makeCurrent()) { // the join (and what it causes) stays in the request's trace
                    return membership.join(session, room, join.since(), join.ref());
                }
            });
        }
        return membership.join(session, room, join.since(), join.ref());
    }

    @Override
    public Future<Void> leave(ClientMessage.Leave leave, Session session) {
        if (!membership.leave(session, leave.room(), leave.ref())) {
            throw new ProtocolException(ErrorCode.NOT_MEMBER, "not in room '" + leave.room() + "'", leave.ref());
        }
        return Future.succeededFuture();
    }

    /**
     * Pipelined: the next request does not wait for other instances; {@code accepted} (with a ref) or a failure
     * is reported later. With the publish hook on, the next request waits for the backend's decision (not longer).
     */
    @Override
    public Future<Void> message(ClientMessage.Message m, Session session) {
        if (!session.rooms().contains(m.room())) {
            throw new ProtocolException(ErrorCode.NOT_MEMBER, "join room '" + m.room() + "' before sending to it", m.ref());
        }
        if (!session.grants().mayPublish(m.room())) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "not allowed to publish to room '" + m.room() + "'", m.ref());
        }
        limits.checkContent(m.content(), m.ref());
        if (publishHook) {
            io.opentelemetry.context.Context request = io.opentelemetry.context.Context.current();
            return hooks.publish(session.user(), m.room(), session.id(), m.content(), m.id()).compose(verdict -> {
                if (!verdict.allowed()) {
                    return Future.failedFuture(verdict.toProtocolException(m.ref()));
                }
                try (Scope scope = request.makeCurrent()) { // the publish span stays in the request's trace
                    publish(m, session, verdict);
                }
                return Future.succeededFuture();
            });
        }
        publish(m, session, null);
        return Future.succeededFuture();
    }

    /** {@code verdict}: the publish hook's (may rewrite the content and attach meta), or null without the hook. */
    private void publish(ClientMessage.Message m, Session session, HookVerdict verdict) {
        RawJson content = verdict == null || verdict.content() == null ? m.content() : verdict.content();
        RawJson meta = verdict == null ? null : verdict.meta();
        publisher.toRoom(m.room(), session.user(), content, m.id(), meta).onComplete(sent -> {
            if (sent.failed()) {
                // only "not sent" is certain; anything else (timeout, a connection lost mid-call) may have been published
                refuse(session, sent.cause() instanceof FanoutUnavailableException ? partial(m.ref()) : unconfirmed(m.ref()));
            } else if (m.ref() != null) {
                session.send(new ServerMessage.Accepted(m.room(), sent.result(), m.ref()));
            }
        });
    }

    @Override
    public Future<Void> broadcast(ClientMessage.Broadcast b, Session session) {
        if (!session.grants().mayBroadcast()) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "not allowed to broadcast", b.ref());
        }
        limits.checkContent(b.content(), b.ref());
        publisher.toAll(session.user(), b.content(), b.id()).onComplete(sent -> {
            if (sent.failed()) {
                refuse(session, sent.cause() instanceof FanoutUnavailableException ? partial(b.ref()) : unconfirmed(b.ref()));
            } else if (b.ref() != null) {
                session.send(ServerMessage.Accepted.broadcast(sent.result(), b.ref()));
            }
        });
        return Future.succeededFuture();
    }

    /** Waits for the outcome: whether the user exists anywhere is only known after the fan-out. */
    @Override
    public Future<Void> privateMessage(ClientMessage.Private p, Session session) {
        if (!session.grants().maySendPrivate()) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "not allowed to send private messages", p.ref());
        }
        limits.checkContent(p.content(), p.ref());
        limits.checkUserId(p.to(), p.ref());
        if (publisher.inboxOn()) { // pipelined like a room message: stored in the recipient's inbox, connected or not
            publisher.toInbox(p.to(), session.user(), p.content(), p.id()).onComplete(sent -> {
                if (sent.failed()) {
                    refuse(session, sent.cause() instanceof FanoutUnavailableException ? partial(p.ref()) : unconfirmed(p.ref()));
                } else if (p.ref() != null) {
                    session.send(ServerMessage.Accepted.privateMessage(p.to(), sent.result(), p.ref()));
                }
            });
            return Future.succeededFuture();
        }
        return publisher.toUser(p.to(), session.user(), p.content()).transform(sent -> {
            if (sent.failed()) {
                return Future.failedFuture(sent.cause() instanceof FanoutTimeoutException ? unconfirmed(p.ref())
                        : partial(p.ref()));
            }
            if (!sent.result()) {
                return Future.failedFuture(new ProtocolException(ErrorCode.UNKNOWN_USER,
                        "user '" + p.to() + "' is not connected", p.ref()));
            }
            if (p.ref() != null) {
                session.send(ServerMessage.Accepted.privateMessage(p.to(), null, p.ref()));
            }
            return Future.succeededFuture();
        });
    }

    /** Moves the user's read position; the answer is the {@code read_position} every connection of the user gets. */
    @Override
    public Future<Void> read(ClientMessage.Read r, Session session) {
        if (!r.inbox()) {
            limits.checkRoomName(r.room(), r.ref());
            if (!session.grants().mayJoin(r.room())) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "not allowed in room '" + r.room() + "'", r.ref());
            }
        }
        return readMarks.read(session, r.room(), r.offset(), r.epoch()).recover(failure -> {
            if (failure instanceof FanoutUnavailableException) {
                return Future.failedFuture(new ProtocolException(ErrorCode.FANOUT_UNAVAILABLE,
                        "Redis is unreachable: the read position was not stored", r.ref()));
            }
            return Future.failedFuture(failure instanceof FanoutTimeoutException ? unconfirmed(r.ref()) : failure);
        });
    }

    /** A page of a room's members; the connection must be in the room. */
    @Override
    public Future<Void> members(ClientMessage.Members m, Session session) {
        if (!session.rooms().contains(m.room())) {
            throw new ProtocolException(ErrorCode.NOT_MEMBER, "join room '" + m.room() + "' to list its members", m.ref());
        }
        return membership.members(session, m.room(), m.after(), m.limit(), m.ref());
    }

    @Override
    public Future<Void> ping(ClientMessage.Ping ping, Session session) {
        session.send(new ServerMessage.Pong(ping.ref()));
        return Future.succeededFuture();
    }

    private static ProtocolException unconfirmed(RawJson ref) {
        return new ProtocolException(ErrorCode.FANOUT_TIMEOUT,
                "Redis did not confirm in time: other instances may still receive it; a resend may arrive twice", ref);
    }

    private static ProtocolException partial(RawJson ref) {
        return new ProtocolException(ErrorCode.FANOUT_UNAVAILABLE,
                "other instances are unreachable: delivered to this instance's connections only", ref);
    }
}
