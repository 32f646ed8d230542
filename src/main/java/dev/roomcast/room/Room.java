package dev.roomcast.room;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.roomcast.protocol.EncodedMessage;
import dev.roomcast.session.Session;
import dev.roomcast.session.SessionArrays;

/**
 * One room on this instance. Joins and leaves lock the room (never the whole hub); delivery
 * reads the current {@link #sessions} array without a lock. A join is first reserved, then
 * committed once the cluster has been told; a reservation counts as a connection of its user.
 */
final class Room {

    final String name;
    /** Copy-on-write; replaced only while holding this room's lock. */
    volatile Session[] sessions = SessionArrays.EMPTY;
    /** User → that user's connections here, committed and reserved: decides first and last. Guarded by this. */
    private final Map<String, Integer> connectionsPerUser = new LinkedHashMap<>();
    /** User → committed connections, in join order: the members. Guarded by this. */
    private final Map<String, Integer> committedPerUser = new LinkedHashMap<>();
    /** Reserved joins not yet committed. Guarded by this. */
    private int reserved;
    /** Set once the room is empty and taken out of the hub; a joiner must then make a new one. */
    private boolean removed;
    /** Completes once this instance receives the room's traffic (its subscription is live). Guarded by this. */
    io.vertx.core.Future<Void> watch = io.vertx.core.Future.succeededFuture();
    /** The last history message delivered here: its epoch (null before the first) and offset. Guarded by this. */
    String lastEpoch;
    long lastOffset;
    /**
     * Connections that joined from history and were given every message up to a point: a message delivered
     * later that they already have is not sent to them again. An entry goes with the first newer message.
     * Guarded by this.
     */
    final Map<Session, HistoryPoint> givenUpTo = new java.util.HashMap<>();

    /**
     * While joins are pending (reserved, not committed): the history messages delivered here meanwhile, newest
     * last, so a join that read history just before them can be given them at its commit. Emptied when no join
     * is pending; bounded. Guarded by this.
     */
    final java.util.ArrayDeque<Delivered> deliveredWhileJoining = new java.util.ArrayDeque<>();
    static final int MAX_DELIVERED_WHILE_JOINING = 1024;

    /**
     * While joins are pending: the membership notices ({@code user_joined}, {@code user_left}) delivered here
     * meanwhile, numbered. A join's presence answer may predate them while its connection was not yet among the
     * recipients, so at its commit it is given those delivered after its reservation. Emptied when no join is
     * pending; bounded. Guarded by this.
     */
    private final java.util.ArrayDeque<Notice> noticesWhileJoining = new java.util.ArrayDeque<>();
    private long noticesNumbered;
    /** Per pending join: the number of the last notice delivered before its reservation. Guarded by this. */
    private final Map<Session, Long> noticesFrom = new java.util.HashMap<>();

    /** A membership notice delivered while joins were pending. */
    private record Notice(long number, EncodedMessage message) {
    }

    /** A place in a room's history. */
    record HistoryPoint(String epoch, long offset) {
    }

    /** A history message delivered here, with its offset. */
    record Delivered(long offset, EncodedMessage message) {
    }

    /** Keeps a history message delivered while a join is pending (see {@link #deliveredWhileJoining}). */
    void delivered(EncodedMessage message, long offset, String epoch) {
        if (lastEpoch != null && !lastEpoch.equals(epoch)) {
            deliveredWhileJoining.clear(); // offsets of another history
        }
        lastEpoch = epoch;
        lastOffset = offset;
        if (reserved > 0) {
            if (deliveredWhileJoining.size() == MAX_DELIVERED_WHILE_JOINING) {
                deliveredWhileJoining.removeFirst();
            }
            deliveredWhileJoining.addLast(new Delivered(offset, message));
        } else if (!deliveredWhileJoining.isEmpty()) {
            deliveredWhileJoining.clear();
        }
    }

    /** Keeps a membership notice delivered while a join is pending (see {@link #noticesWhileJoining}). */
    void noticeDelivered(EncodedMessage notice) {
        if (reserved == 0) {
            return;
        }
        if (noticesWhileJoining.size() == MAX_DELIVERED_WHILE_JOINING) {
            noticesWhileJoining.removeFirst();
        }
        noticesWhileJoining.addLast(new Notice(++noticesNumbered, notice));
    }

    /** The membership notices delivered since {@code session} reserved its place (call before its commit). */
    List<EncodedMessage> noticesSinceReservation(Session session) {
        Long from = noticesFrom.get(session);
        if (from == null || noticesWhileJoining.isEmpty()) {
            return List.of();
        }
        List<EncodedMessage> since = new java.util.ArrayList<>();
        for (Notice notice : noticesWhileJoining) {
            if (notice.number() > from) {
                since.add(notice.message());
            }
        }
        return since;
    }

    /**
     * The history messages delivered here after {@code offset} of {@code epoch}, if all of them are still kept;
     * else null.
     */
    java.util.List<EncodedMessage> deliveredAfter(String epoch, long offset) {
        if (lastEpoch == null || !lastEpoch.equals(epoch) || lastOffset <= offset) {
            return lastEpoch == null || lastEpoch.equals(epoch) ? java.util.List.of() : null;
        }
        java.util.List<EncodedMessage> after = new java.util.ArrayList<>();
        long expected = offset + 1;
        for (Delivered delivered : deliveredWhileJoining) {
            if (delivered.offset() <= offset) {
                continue;
            }
            if (delivered.offset() != expected) {
                return null; // not all at hand (evicted, or never delivered here): the caller reads history again
            }
            after.add(delivered.message());
            expected++;
        }
        return expected == lastOffset + 1 ? after : null;
    }

    Room(String name) {
        this.name = name;
    }

    boolean isRemoved() {
        return removed;
    }

    boolean isEmpty() {
        return sessions.length == 0 && reserved == 0;
    }

    /** @return whether this is the user's first connection here */
    boolean reserve(Session session) {
        reserved++;
        noticesFrom.put(session, noticesNumbered);
        return connectionsPerUser.merge(session.user(), 1, Integer::sum) == 1;
    }

    void commit(Session session) {
        reserved--;
        noticesFrom.remove(session);
        if (reserved == 0) {
            deliveredWhileJoining.clear();
            noticesWhileJoining.clear();
        }
        sessions = SessionArrays.with(sessions, session);
        committedPerUser.merge(session.user(), 1, Integer::sum);
    }

    /** Undoes a reservation. @return whether that was the user's last connection here */
    boolean cancel(Session session) {
        reserved--;
        noticesFrom.remove(session);
        if (reserved == 0) {
            deliveredWhileJoining.clear();
            noticesWhileJoining.clear();
        }
        return release(session.user());
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
    dev.roomcast.cluster.Presence.Roster roster(int listLimit) {
        int count = committedPerUser.size();
        return new dev.roomcast.cluster.Presence.Roster(count, count <= listLimit ? members() : null);
    }

    private boolean release(String user) {
        return connectionsPerUser.computeIfPresent(user, (u, n) -> n == 1 ? null : n - 1) == null;
    }
}
