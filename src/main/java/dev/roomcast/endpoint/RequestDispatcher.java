package dev.roomcast.endpoint;

import java.util.List;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.roomcast.fanout.Fanout;
import dev.roomcast.presence.Presence;
import dev.roomcast.protocol.ClientMessage;
import dev.roomcast.protocol.ErrorCode;
import dev.roomcast.protocol.ProtocolException;
import dev.roomcast.protocol.RawJson;
import dev.roomcast.protocol.ServerMessage;
import dev.roomcast.protocol.ServerMessageEncoder;
import dev.roomcast.room.RoomHub;
import dev.roomcast.session.Session;
import dev.roomcast.session.SessionRegistry;
import dev.roomcast.telemetry.RoomcastMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * Carries out what clients ask for. A connection's requests are handled one at a time (the
 * returned future completes when the next may start), and every step that waited for another
 * instance resumes on the connection's own event loop, so replies keep request order.
 * A refused request becomes an error frame carrying the client's ref. Nothing here blocks.
 */
@Singleton
public class RequestDispatcher {

    private static final Logger LOG = Logger.getLogger(RequestDispatcher.class);

    private final RoomHub hub;
    private final SessionRegistry sessions;
    private final Fanout fanout;
    private final Presence presence;
    private final RequestLimits limits;
    private final RoomcastMetrics metrics;

    RequestDispatcher(RoomHub hub, SessionRegistry sessions, Fanout fanout, Presence presence, RequestLimits limits,
            RoomcastMetrics metrics) {
        this.hub = hub;
        this.sessions = sessions;
        this.fanout = fanout;
        this.presence = presence;
        this.limits = limits;
        this.metrics = metrics;
    }

    /**
     * A new connection: once its private messages can reach it from any instance, welcome it,
     * then join the rooms it named at connect.
     */
    public Future<Void> open(Session session, List<String> initialRooms) {
        Context context = Vertx.currentContext();
        Future<Void>[] watched = new Future[] { Future.succeededFuture() };
        sessions.add(session, () -> watched[0] = fanout.watchUser(session.user()));
        return onContext(context, watched[0].recover(unavailable -> Future.succeededFuture())).compose(ready -> {
            session.send(new ServerMessage.Welcome(session.user()));
            Future<Void> joins = Future.succeededFuture();
            for (String room : initialRooms) {
                joins = joins.compose(previous -> handle(session, new ClientMessage.Join(room, null)));
            }
            return joins;
        });
    }

    /** Handles one request; never fails (a refusal is an error frame). */
    public Future<Void> handle(Session session, ClientMessage request) {
        Context context = Vertx.currentContext();
        Future<Void> done;
        try {
            done = dispatch(session, request, context);
        } catch (RuntimeException e) {
            done = Future.failedFuture(e);
        }
        return onContext(context, done).recover(failure -> {
            if (failure instanceof ProtocolException refused) {
                refuse(session, refused);
            } else {
                LOG.errorf(failure, "%s failed on a %s request", session, request.type());
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
        session.markClosed();
        sessions.remove(session, () -> fanout.unwatchUser(session.user()));
        for (String room : session.rooms()) {
            hub.leave(room, session, (lastOfUser, roomRemoved) -> memberGone(room, session, lastOfUser, roomRemoved));
        }
    }

    // Java 17 has no pattern switch; the sealed interface keeps this list complete.
    private Future<Void> dispatch(Session session, ClientMessage request, Context context) {
        if (request instanceof ClientMessage.Message m) {
            return message(session, m);
        } else if (request instanceof ClientMessage.Join j) {
            return join(session, j.room(), j.ref(), context);
        } else if (request instanceof ClientMessage.Leave l) {
            return leave(session, l.room(), l.ref());
        } else if (request instanceof ClientMessage.Private p) {
            return privateMessage(session, p);
        } else if (request instanceof ClientMessage.Broadcast b) {
            return broadcast(session, b);
        } else if (request instanceof ClientMessage.Ping p) {
            session.send(new ServerMessage.Pong(p.ref()));
            return Future.succeededFuture();
        }
        throw new IllegalStateException("unhandled request type " + request.type());
    }

    /**
     * Reserve the place (subscribing to the room and telling the cluster, in room order), wait for
     * both, then commit: the joiner gets {@code joined} before any room traffic and, if it is new to
     * the room everywhere, the members here get {@code user_joined} at that same moment.
     */
    private Future<Void> join(Session session, String room, RawJson ref, Context context) {
        limits.checkRoomName(room, ref);
        if (!session.grants().mayJoin(room)) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "not allowed to join room '" + room + "'", ref);
        }
        if (session.rooms().contains(room)) {
            return onContext(context, presence.members(room)).transform(members -> {
                session.send(new ServerMessage.Joined(room, members.succeeded() ? members.result() : hub.members(room), ref));
                return Future.succeededFuture();
            });
        }
        limits.checkRoomCount(session.rooms().size(), ref);
        session.rooms().add(room);
        Future<Void>[] watched = new Future[1];
        Future<Presence.Membership>[] membership = new Future[1];
        boolean[] first = new boolean[1];
        hub.reserve(room, session, (roomCreated, firstOfUser) -> {
            first[0] = firstOfUser;
            watched[0] = roomCreated ? fanout.watchRoom(room) : Future.succeededFuture();
            membership[0] = firstOfUser ? presence.add(room, session.user())
                    : presence.members(room).map(members -> new Presence.Membership(false, members));
        });
        Future<Void> ready = Future.join(watched[0], membership[0]).mapEmpty();
        return onContext(context, ready.recover(partly -> Future.succeededFuture())).compose(v -> {
            Presence.Membership cluster = membership[0].succeeded() ? membership[0].result() : null;
            hub.commit(room, session, localMembers -> {
                // Without Redis the joiner learns this instance's members; presence re-syncs later.
                List<String> members = cluster != null ? cluster.members() : localMembers;
                session.send(new ServerMessage.Joined(room, members, ref));
                if (cluster != null ? cluster.newMember() : first[0]) {
                    fanout.toRoom(room, ServerMessageEncoder.encode(new ServerMessage.UserJoined(room, session.user())),
                            session.id());
                }
            }, (lastOfUser, roomRemoved) -> memberGone(room, session, lastOfUser, roomRemoved));
            return Future.succeededFuture();
        });
    }

    private Future<Void> leave(Session session, String room, RawJson ref) {
        boolean wasIn = hub.leave(room, session, (lastOfUser, roomRemoved) -> {
            session.send(new ServerMessage.Left(room, ref));
            memberGone(room, session, lastOfUser, roomRemoved);
        });
        if (!wasIn) {
            throw new ProtocolException(ErrorCode.NOT_MEMBER, "not in room '" + room + "'", ref);
        }
        session.rooms().remove(room);
        return Future.succeededFuture();
    }

    /**
     * Runs under the room's lock when a connection left it: stop receiving the room if it is empty
     * here and, when that was the user's last connection here, tell the cluster and, if the user
     * left the room everywhere, the members. In-memory presence answers at once, so then the
     * notice, too, goes out under the lock.
     */
    private void memberGone(String room, Session session, boolean lastOfUser, boolean roomRemoved) {
        if (roomRemoved) {
            fanout.unwatchRoom(room);
        }
        if (lastOfUser) {
            presence.remove(room, session.user()).onSuccess(leftEverywhere -> {
                if (leftEverywhere) {
                    fanout.toRoom(room, ServerMessageEncoder.encode(new ServerMessage.UserLeft(room, session.user())), null);
                }
            });
        }
    }

    /** Pipelined: the next request does not wait for other instances; a failure is reported later. */
    private Future<Void> message(Session session, ClientMessage.Message m) {
        if (!session.rooms().contains(m.room())) {
            throw new ProtocolException(ErrorCode.NOT_MEMBER, "join room '" + m.room() + "' before sending to it", m.ref());
        }
        if (!session.grants().mayPublish(m.room())) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "not allowed to publish to room '" + m.room() + "'", m.ref());
        }
        limits.checkContent(m.content(), m.ref());
        ServerMessage out = new ServerMessage.Message(m.room(), session.user(), m.content(), System.currentTimeMillis());
        fanout.toRoom(m.room(), ServerMessageEncoder.encode(out), null).onFailure(e -> reportPartial(session, m.ref()));
        return Future.succeededFuture();
    }

    private Future<Void> broadcast(Session session, ClientMessage.Broadcast b) {
        if (!session.grants().mayBroadcast()) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "not allowed to broadcast", b.ref());
        }
        limits.checkContent(b.content(), b.ref());
        fanout.toAll(ServerMessageEncoder.encode(
                new ServerMessage.Broadcast(session.user(), b.content(), System.currentTimeMillis())))
                .onFailure(e -> reportPartial(session, b.ref()));
        return Future.succeededFuture();
    }

    /** Waits for the outcome: whether the user exists anywhere is only known after the fan-out. */
    private Future<Void> privateMessage(Session session, ClientMessage.Private p) {
        limits.checkContent(p.content(), p.ref());
        return fanout.toUser(p.to(), ServerMessageEncoder.encode(
                new ServerMessage.Private(session.user(), p.content(), System.currentTimeMillis())))
                .transform(sent -> {
                    if (sent.failed()) {
                        return Future.failedFuture(partial(p.ref()));
                    }
                    if (!sent.result()) {
                        return Future.failedFuture(new ProtocolException(ErrorCode.UNKNOWN_USER,
                                "user '" + p.to() + "' is not connected", p.ref()));
                    }
                    return Future.succeededFuture();
                });
    }

    private void reportPartial(Session session, RawJson ref) {
        refuse(session, partial(ref));
    }

    private static ProtocolException partial(RawJson ref) {
        return new ProtocolException(ErrorCode.FANOUT_UNAVAILABLE,
                "other instances are unreachable: delivered to this instance's connections only", ref);
    }

    /** The same outcome, with callbacks on {@code context}; no hop when it is already done there. */
    private static <T> Future<T> onContext(Context context, Future<T> future) {
        if (context == null || (future.isComplete() && Vertx.currentContext() == context)) {
            return future;
        }
        Promise<T> resumed = Promise.promise();
        future.onComplete(outcome -> context.runOnContext(v -> resumed.handle(outcome)));
        return resumed.future();
    }
}
