package dev.roomcast.room;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import dev.roomcast.cluster.Streams;
import dev.roomcast.cluster.LocalMembers;
import dev.roomcast.cluster.Presence;
import dev.roomcast.protocol.EncodedMessage;
import dev.roomcast.session.Session;
import io.vertx.core.Future;

/**
 * The rooms of this instance and who is in them. A user with several connections in a room is one
 * member. Rooms are created by the first join and removed when the last connection leaves.
 * <p>
 * A join has two phases so the cluster can be told in between: {@link #reserve} (the room
 * exists and counts the connection for its user) and {@link #commit} (the connection receives
 * room traffic). The callbacks run under the room's lock: side effects issued there (subscribe,
 * presence updates, notices) happen in the same order as the room changes; they are {@link RoomEvents}.
 */
@Singleton
public class RoomHub implements LocalMembers {

    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    /** Rooms with more members here than this are counted, not listed. */
    private final int listLimit;

    @jakarta.inject.Inject
    RoomHub(dev.roomcast.config.RoomcastConfig config) {
        this(config.presence().maxMembersListed());
    }

    /** A hub that lists members up to {@code listLimit} (tests use any). */
    public RoomHub(int listLimit) {
        this.listLimit = listLimit;
    }

    public RoomHub() {
        this(Integer.MAX_VALUE);
    }

    /**
     * Phase one of a join. The caller must not reserve a room it is already in.
     *
     * @return what {@code onReserve} returned
     */
    public <T> T reserve(String name, Session session, RoomEvents.OnReserve<T> onReserve) {
        while (true) {
            boolean[] created = new boolean[1];
            Room room = rooms.computeIfAbsent(name, n -> {
                created[0] = true;
                return new Room(n);
            });
            synchronized (room) {
                if (room.isRemoved()) {
                    continue; // emptied and dropped between lookup and lock; take the fresh one
                }
                return onReserve.reserved(created[0], room.reserve(session));
            }
        }
    }

    /**
     * Remembers how this instance subscribes to the room; called by the reservation that created it, under
     * the room's lock. Every later joiner waits for the same subscription ({@link #watchOf}).
     */
    public void watching(String name, Future<Void> watch) {
        Room room = rooms.get(name);
        synchronized (room) {
            room.watch(watch);
        }
    }

    /** Completes once this instance receives the room's traffic. */
    public Future<Void> watchOf(String name) {
        Room room = rooms.get(name);
        if (room == null) {
            return Future.succeededFuture();
        }
        synchronized (room) {
            return room.watch();
        }
    }

    /**
     * Phase two: the connection joins the room. A session closed since its reservation is
     * taken out again instead, and reported to {@code onLeave}.
     */
    public void commit(String name, Session session, RoomEvents.OnJoin onJoin, RoomEvents.OnLeave onLeave) {
        Room room = rooms.get(name);
        synchronized (room) {
            if (session.isClosed()) {
                boolean lastOfUser = room.cancel(session);
                onLeave.left(lastOfUser, dropIfEmpty(room));
                return;
            }
            List<EncodedMessage> notices = room.commit(session);
            List<String> told = onJoin.joined(room.roster(listLimit));
            MissedNotices.send(session, told, notices);
        }
    }

    /**
     * Phase two for a join that read history up to {@code offset} of {@code epoch}: history messages after that
     * which reached this instance before the commit are handed over as catch-up, later ones arrive live, and
     * those up to there that reach the instance later are not sent to the joiner twice. So the replay and live
     * traffic meet without a gap or a duplicate.
     *
     * @param force commit even when the catch-up is not at hand (the caller gave up reading history again)
     * @return false when the caller must read history again and retry
     */
    public boolean commitAfter(String name, Session session, String epoch, long offset, boolean force,
            RoomEvents.OnJoinFromHistory onJoin, RoomEvents.OnLeave onLeave) {
        Room room = rooms.get(name);
        synchronized (room) {
            JoinWindow.CatchUp catchUp = room.window.catchUpAfter(epoch, offset);
            if (catchUp.messages() == null && !force && !session.isClosed()) {
                return false;
            }
            commit(name, session, members -> onJoin.joined(members, catchUp.messages(), catchUp.upTo()), onLeave);
            if (!session.isClosed()) {
                room.givenUpTo(session, new Room.HistoryPoint(epoch, catchUp.upTo()));
            }
            return true;
        }
    }

    /**
     * Delivers a message from the room's history, in offset order, under the room's lock (so no join
     * commits halfway through); connections that were already given it from history are skipped.
     *
     * @return how many connections it was queued for
     */
    public int deliverInOrder(String name, EncodedMessage message, long offset, String epoch) {
        Room room = rooms.get(name);
        if (room == null) {
            return 0;
        }
        synchronized (room) {
            room.window.delivered(message, offset, epoch);
            return Session.sendToEach(room.lacking(epoch, offset), message, null, null);
        }
    }

    /**
     * Takes the session out of the room.
     *
     * @return whether the session was in the room
     */
    public boolean leave(String name, Session session, RoomEvents.OnLeave onLeave) {
        Room room = rooms.get(name);
        if (room == null) {
            return false;
        }
        synchronized (room) {
            if (!room.contains(session)) {
                return false;
            }
            boolean lastOfUser = room.remove(session);
            onLeave.left(lastOfUser, dropIfEmpty(room));
            return true;
        }
    }

    /**
     * Writes the message to every connection in the room but the connection {@code exceptSessionId} and the
     * connections of {@code exceptUser} (either may be null).
     *
     * @return how many connections it was queued for
     */
    public int deliver(String name, EncodedMessage message, String exceptSessionId, String exceptUser) {
        Room room = rooms.get(name);
        if (room == null) {
            return 0;
        }
        while (MissedNotices.isMembershipNotice(message)) {
            synchronized (room) { // a join commits wholly before (it gets the notice live) or after (it is kept for it)
                if (!room.isRemoved()) {
                    room.window.noticeDelivered(message);
                    return Session.sendToEach(Arrays.asList(room.sessions), message, exceptSessionId, exceptUser);
                }
            }
            room = rooms.get(name); // emptied and dropped between lookup and lock: a new joiner may be in a fresh one
            if (room == null) {
                return 0;
            }
        }
        return Session.sendToEach(Arrays.asList(room.sessions), message, exceptSessionId, exceptUser);
    }

    /** How many rooms here have between {@code min} and {@code max} members (inclusive), for the size gauges. */
    public int roomsWithMembers(int min, int max) {
        int count = 0;
        for (Room room : rooms.values()) {
            if (Streams.isStream(room.name)) {
                continue;
            }
            int size = room.sessions.length;
            if (size >= min && size <= max) {
                count++;
            }
        }
        return count;
    }

    /** The room's members on this instance (user ids, in join order, unless too many to list). */
    public Presence.Roster roster(String name) {
        Room room = rooms.get(name);
        if (room == null) {
            return new Presence.Roster(0, List.of());
        }
        synchronized (room) {
            return room.roster(listLimit);
        }
    }

    /** The room's members on this instance, in user id order, after {@code after} (null: from the start). */
    public Presence.Page page(String name, String after, int limit) {
        Room room = rooms.get(name);
        if (room == null) {
            return new Presence.Page(List.of(), null);
        }
        List<String> sorted;
        synchronized (room) {
            sorted = new java.util.ArrayList<>(room.members());
        }
        java.util.Collections.sort(sorted);
        return Presence.Page.of(sorted, after, limit);
    }

    /** How many members the room has on this instance. */
    public int count(String name) {
        Room room = rooms.get(name);
        if (room == null) {
            return 0;
        }
        synchronized (room) {
            return room.memberCount();
        }
    }

    /**
     * Every room here with the users holding a connection in it, joins still pending included, for re-telling
     * the cluster after Redis lost its state.
     */
    @Override
    public Map<String, List<String>> snapshot() {
        Map<String, List<String>> all = new HashMap<>();
        rooms.forEach((name, room) -> {
            if (Streams.isStream(name)) {
                return; // followed, not joined: no presence
            }
            synchronized (room) {
                List<String> holders = room.holders();
                if (!holders.isEmpty()) {
                    all.put(name, holders);
                }
            }
        });
        return all;
    }

    @Override
    public boolean isOccupied(String room) {
        return rooms.containsKey(room);
    }

    /** Rooms joined here (the streams connections follow are not counted). */
    public int roomCount() {
        int count = 0;
        for (String name : rooms.keySet()) {
            if (!Streams.isStream(name)) {
                count++;
            }
        }
        return count;
    }

    private boolean dropIfEmpty(Room room) {
        if (room.removeIfEmpty()) {
            rooms.remove(room.name, room);
            return true;
        }
        return false;
    }
}
