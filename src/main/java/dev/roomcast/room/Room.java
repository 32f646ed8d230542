package dev.roomcast.room;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.roomcast.cluster.Presence;
import dev.roomcast.protocol.EncodedMessage;
import dev.roomcast.session.Session;
import dev.roomcast.session.SessionArrays;
import io.vertx.core.Future;

/**
 * One room on this instance: its connections and members. Joins and leaves lock the room (never the whole hub);
 * delivery reads the current {@link #sessions} array without a lock. A join is first reserved, then committed
 * once the cluster has been told; a reservation counts as a connection of its user, and what reaches the room
 * in between is held in its {@link JoinWindow}.
 */
final class Room {

    final String name;
    /** Copy-on-write; replaced only while holding this room's lock. */
    volatile Session[] sessions = SessionArrays.EMPTY;
    /** What joins in progress are given at their commit. Guarded by this. */
    final JoinWindow window = new JoinWindow();
    /** User → that user's connections here, committed and reserved: decides first and last. Guarded by this. */
    private final Map<String, Integer> connectionsPerUser = new LinkedHashMap<>();
    /** User → committed connections, in join order: the members. Guarded by this. */
    private final Map<String, Integer> committedPerUser = new LinkedHashMap<>();
    /** Set once the room is empty and taken out of the hub; a joiner must then make a new one. */
    private boolean removed;
    /** Completes once this instance receives the room's traffic (its subscription is live). Guarded by this. */
    private Future<Void> watch = Future.succeededFuture();
    /**
     * Connections that joined from history and were given every message up to a point: a message delivered
     * later that they already have is not sent to them again. An entry goes with the first newer message.
     * Guarded by this.
     */
    private final Map<Session, HistoryPoint> givenUpTo = new HashMap<>();

    /** A place in a room's history. */
    record HistoryPoint(String epoch, long offset) {
    }

    Room(String name) {
        this.name = name;
    }

    boolean isRemoved() {
        return removed;
    }

    boolean isEmpty() {
        return sessions.length == 0 && !window.isOpen();
    }

    Future<Void> watch() {
        return watch;
    }

    void watch(Future<Void> watch) {
        this.watch = watch;
    }

    /** @return whether this is the user's first connection here */
    boolean reserve(Session session) {
        window.open(session);
        return connectionsPerUser.merge(session.user(), 1, Integer::sum) == 1;
    }

    /** @return the membership notices delivered since its reservation (see {@link MissedNotices}) */
    List<EncodedMessage> commit(Session session) {
        List<EncodedMessage> missed = window.close(session);
        sessions = SessionArrays.with(sessions, session);
        committedPerUser.merge(session.user(), 1, Integer::sum);
        return missed;
    }

    /** Undoes a reservation. @return whether that was the user's last connection here */
    boolean cancel(Session session) {
        window.close(session);
        return release(session.user());
    }

    /** The connection was given every history message up to {@code point}: none of them is sent to it again. */
    void givenUpTo(Session session, HistoryPoint point) {
        givenUpTo.put(session, point);
    }

    /** The connections a history message at {@code offset} of {@code epoch} goes to: those that lack it. */
    List<Session> lacking(String epoch, long offset) {
        if (givenUpTo.isEmpty()) {
            return Arrays.asList(sessions);
        }
        List<Session> targets = new ArrayList<>(sessions.length);
        for (Session session : sessions) {
            HistoryPoint given = givenUpTo.get(session);
            if (given != null && given.epoch().equals(epoch) && offset <= given.offset()) {
                continue;
            }
            if (given != null) {
                givenUpTo.remove(session);
            }
            targets.add(session);
        }
        return targets;
    }

    /** @return whether the user's last connection here left */
    boolean remove(Session session) {
        sessions = SessionArrays.without(sessions, session);
        givenUpTo.remove(session);
        committedPerUser.computeIfPresent(session.user(), (u, n) -> n == 1 ? null : n - 1);
        return release(session.user());
    }

    /** Marks an empty room removed; it must then be dropped from the hub. */
    boolean removeIfEmpty() {
        if (isEmpty()) {
            removed = true;
        }
        return removed;
    }

    boolean contains(Session session) {
        return SessionArrays.contains(sessions, session);
    }

    /** Users with a committed connection here, in join order. */
    List<String> members() {
        return List.copyOf(committedPerUser.keySet());
    }

    /**
     * Users with a connection here, committed or still joining: what this instance holds in presence (a re-sync
     * must not release the entry a pending join has just added).
     */
    List<String> holders() {
        return List.copyOf(connectionsPerUser.keySet());
    }

    int memberCount() {
        return committedPerUser.size();
    }

    /** The members while there are at most {@code listLimit}, else only their count: no copy of a big room. */
    Presence.Roster roster(int listLimit) {
        int count = committedPerUser.size();
        return new Presence.Roster(count, count <= listLimit ? members() : null);
    }

    private boolean release(String user) {
        return connectionsPerUser.computeIfPresent(user, (u, n) -> n == 1 ? null : n - 1) == null;
    }
}
