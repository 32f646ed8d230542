package dev.roomcast.room;

import java.util.List;

import jakarta.inject.Singleton;

import dev.roomcast.cluster.Watching;
import dev.roomcast.cluster.History;
import dev.roomcast.cluster.Notices;
import dev.roomcast.cluster.Presence;
import dev.roomcast.cluster.UserPresence;
import dev.roomcast.cluster.ReadPositions;
import dev.roomcast.config.RoomcastConfig;
import dev.roomcast.protocol.ClientMessage.Since;
import dev.roomcast.protocol.HistoryPosition;
import dev.roomcast.protocol.RawJson;
import dev.roomcast.protocol.ServerMessage;
import dev.roomcast.session.ConnectionLoop;
import dev.roomcast.session.Session;
import dev.roomcast.session.SessionRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Who is in which room, on this instance and across the cluster: connecting, joining (with presence),
 * leaving and disconnecting. The hub's lock orders each room's changes; what must reach the cluster
 * (subscriptions, presence, notices) is issued under it, so it happens in the order the room changed.
 * Called on the connection's event loop; futures complete back on it.
 */
@Singleton
public class Membership {

    private final RoomHub hub;
    private final SessionRegistry sessions;
    private final Watching watching;
    private final Presence presence;
    private final History history;
    private final boolean historyOn;
    private final Notices notices;
    private final ReadPositions readPositions;
    private final UserPresence online;

    /** Reading history again because messages overtook the join more often than this: commit anyway. */
    private static final int HISTORY_ATTEMPTS = 5;

    Membership(RoomHub hub, SessionRegistry sessions, Watching watching, Presence presence, History history,
            PresenceNotices notices, ReadPositions readPositions, UserPresence online, RoomcastConfig config) {
        this.readPositions = readPositions;
        this.online = online;
        this.hub = hub;
        this.sessions = sessions;
        this.watching = watching;
        this.presence = presence;
        this.history = history;
        this.notices = notices;
        this.historyOn = config.history().size() > 0;
    }

    /** What a join's reservation started, under the room's lock: the room's subscription and presence's answer. */
    private record Reserved(Future<Void> watched, Future<Presence.Membership> membership, boolean firstOfUser) {
    }

    /**
     * Registers a new connection; completes once requests to the user (its channel: private messages without an
     * inbox, and the API's questions) can reach it from any instance, or that failed.
     */
    public Future<Void> connect(Session session) {
        Context context = Vertx.currentContext();
        Future<Void>[] watched = new Future[] { Future.succeededFuture() };
        sessions.add(session, () -> {
            watched[0] = watching.watchUser(session.user());
            online.connected(session.user());
        });
        return ConnectionLoop.resume(context, watched[0].recover(unavailable -> Future.succeededFuture()));
    }

    /**
     * The connection follows a stream (its inbox, the broadcasts) as a join with {@code since} follows a room,
     * without presence: subscribed, history read, then committed, when {@code onCommit} hears where it stands and
     * the missed messages are queued, before any live one.
     */
    public Future<Void> follow(Session session, String stream, Since since, StreamJoining.OnCommit onCommit) {
        Context context = Vertx.currentContext();
        session.streams().add(stream);
        Future<Void> watched = hub.reserve(stream, session, (roomCreated, firstOfUser) -> {
            if (!roomCreated) {
                return hub.watchOf(stream);
            }
            Future<Void> watch = watching.watchRoom(stream);
            hub.watching(stream, watch);
            return watch;
        });
        StreamJoining joining = new StreamJoining(session, stream, since, onCommit,
                (lastOfUser, roomRemoved) -> streamGone(stream, roomRemoved));
        return ConnectionLoop.resume(context, watched.recover(unavailable -> Future.succeededFuture()))
                .compose(v -> followAfterHistory(context, joining, null, 1));
    }

    private Future<Void> followAfterHistory(Context context, StreamJoining joining, History.Replay previous, int attempt) {
        long after = joining.readAfter(previous);
        return ConnectionLoop.resume(context, history.read(joining.stream, after)).transform(read -> {
            if (read.failed()) {
                hub.commit(joining.stream, joining.session, joining::unread, joining::gone);
                return Future.succeededFuture();
            }
            if (joining.mustReadAll(read.result(), after)) {
                return followAfterHistory(context, joining, read.result(), attempt);
            }
            joining.replay = read.result();
            HistoryPosition position = joining.replay.position();
            boolean committed = hub.commitAfter(joining.stream, joining.session, position.epoch(), position.offset(),
                    attempt >= HISTORY_ATTEMPTS, joining::fromHistory, joining::gone);
            return committed ? Future.succeededFuture() : followAfterHistory(context, joining, read.result(), attempt + 1);
        });
    }

    private void streamGone(String stream, boolean roomRemoved) {
        if (roomRemoved) {
            watching.unwatchRoom(stream);
        }
    }

    /**
     * Reserve the place (subscribing to the room and telling the cluster, in room order), wait for
     * both, read the room's history position (and, with {@code since}, what the joiner missed), then commit:
     * the joiner gets {@code joined}, then the missed messages, before any live room traffic and, if it is
     * new to the room everywhere, the members here get {@code user_joined} at that same moment. A repeated
     * join only repeats {@code joined}. Without Redis the joiner learns this instance's members.
     */
    public Future<Void> join(Session session, String room, Since since, RawJson ref) {
        Context context = Vertx.currentContext();
        if (session.rooms().contains(room)) {
            Future<History.Replay> position = historyOn ? history.read(room, -1) : Future.succeededFuture(null);
            Future<ReadPositions.Position> read = readOf(session, room);
            return ConnectionLoop.resume(context, Future.join(presence.roster(room), position, read)).transform(done -> {
                Presence.Roster roster = done.result() != null && done.result().succeeded(0) ? done.result().resultAt(0)
                        : hub.roster(room);
                History.Replay now = done.result() != null && done.result().succeeded(1) ? done.result().resultAt(1) : null;
                session.send(new ServerMessage.Joined(room, roster.members(), roster.count(),
                        now == null ? null : now.position(), null,
                        now == null ? null : ReadMarks.offsetIn(read.result(), now.position().epoch()), ref));
                return Future.succeededFuture();
            });
        }
        session.rooms().add(room);
        Reserved reserved = hub.reserve(room, session, (roomCreated, firstOfUser) -> {
            Future<Void> watched;
            if (roomCreated) {
                watched = watching.watchRoom(room);
                hub.watching(room, watched);
            } else {
                watched = hub.watchOf(room); // a subscription still being made is waited for, too
            }
            return new Reserved(watched, firstOfUser ? presence.add(room, session.user())
                    : presence.roster(room).map(roster -> new Presence.Membership(false, roster)), firstOfUser);
        });
        Future<ReadPositions.Position> read = readOf(session, room);
        Future<Void> ready = Future.join(reserved.watched(), reserved.membership(), read).mapEmpty();
        return ConnectionLoop.resume(context, ready.recover(partly -> Future.succeededFuture())).compose(v -> {
            Future<Presence.Membership> membership = reserved.membership();
            Joining joining = new Joining(session, room, since, ref, read.result(),
                    membership.succeeded() ? membership.result() : null,
                    reserved.firstOfUser(), notices,
                    (lastOfUser, roomRemoved) -> memberGone(room, session, lastOfUser, roomRemoved));
            if (!historyOn) {
                hub.commit(room, session, joining::joined, joining::gone);
                return Future.succeededFuture();
            }
            return commitAfterHistory(context, joining, 1);
        });
    }

    /** The user's read position in the room, or null (none, or Redis could not say: the join goes on without it). */
    private Future<ReadPositions.Position> readOf(Session session, String room) {
        return historyOn ? readPositions.get(session.user(), room).otherwise((ReadPositions.Position) null)
                : Future.succeededFuture(null);
    }

    /** Reads the room's history (after the subscription is live) and commits if no newer message got here first. */
    private Future<Void> commitAfterHistory(Context context, Joining joining, int attempt) {
        long after = joining.since != null ? joining.since.offset() : -1;
        return ConnectionLoop.resume(context, history.read(joining.room, after)).transform(read -> {
            if (read.failed()) { // Redis unreachable: no position to give, nothing recovered
                hub.commit(joining.room, joining.session, joining::joined, joining::gone);
                return Future.succeededFuture();
            }
            joining.replay = read.result();
            HistoryPosition position = joining.replay.position();
            boolean committed = hub.commitAfter(joining.room, joining.session, position.epoch(), position.offset(),
                    attempt >= HISTORY_ATTEMPTS, joining::joinedFromHistory, joining::gone);
            return committed ? Future.succeededFuture() : commitAfterHistory(context, joining, attempt + 1);
        });
    }

    /** Replies with a page of the room's members in user id order; without Redis, of this instance's members. */
    public Future<Void> members(Session session, String room, String after, int limit, RawJson ref) {
        Context context = Vertx.currentContext();
        return ConnectionLoop.resume(context, presence.page(room, after, limit)).transform(read -> {
            Presence.Page page = read.succeeded() ? read.result() : hub.page(room, after, limit);
            session.send(new ServerMessage.Members(room, page.users(), page.next(), ref));
            return Future.succeededFuture();
        });
    }

    /** Takes the connection out of the room and replies {@code left}; false when it was not in the room. */
    public boolean leave(Session session, String room, RawJson ref) {
        boolean wasIn = hub.leave(room, session, (lastOfUser, roomRemoved) -> {
            session.send(new ServerMessage.Left(room, ref));
            memberGone(room, session, lastOfUser, roomRemoved);
        });
        if (wasIn) {
            session.rooms().remove(room);
        }
        return wasIn;
    }

    /** A closed connection leaves all its rooms; the other members are told. */
    public void disconnect(Session session) {
        session.markClosed();
        sessions.remove(session, () -> {
            watching.unwatchUser(session.user());
            online.disconnected(session.user());
        });
        for (String stream : session.streams()) {
            hub.leave(stream, session, (lastOfUser, roomRemoved) -> streamGone(stream, roomRemoved));
        }
        for (String room : session.rooms()) {
            hub.leave(room, session, (lastOfUser, roomRemoved) -> memberGone(room, session, lastOfUser, roomRemoved));
        }
    }

    /**
     * Runs under the room's lock when a connection left it: stop receiving the room if it is empty
     * here and, when that was the user's last connection here, tell the cluster and, if the user
     * left the room everywhere (or Redis cannot say), the members. In-memory presence answers at once,
     * so then the notice, too, goes out under the lock.
     */
    private void memberGone(String room, Session session, boolean lastOfUser, boolean roomRemoved) {
        if (roomRemoved) {
            watching.unwatchRoom(room);
        }
        if (lastOfUser) {
            presence.remove(room, session.user()).onComplete(removed -> {
                // Without Redis the cluster's answer is unknown; this instance's view decides, as for joins.
                if (removed.failed() || removed.result()) {
                    notices.left(room, session.user(), -1);
                }
            });
        }
    }
}
