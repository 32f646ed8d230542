package dev.roomcast.room;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import jakarta.inject.Singleton;

import dev.roomcast.cluster.Publishing;
import dev.roomcast.cluster.Notices;
import dev.roomcast.cluster.Presence;
import dev.roomcast.config.RoomcastConfig;
import dev.roomcast.protocol.ServerMessage;
import dev.roomcast.protocol.ServerMessageEncoder;
import dev.roomcast.session.RoomPatterns;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * How a room hears of joins and leaves. A small room gets one {@code user_joined}/{@code user_left} each, at
 * once. A room with more members than {@code presence.max-members-listed} gets them gathered per
 * {@code presence.diff-interval} into one {@code presence_diff}, encoded once: filling a room of n members
 * then costs n/interval notices, not n². A diff with more changes than {@code presence.max-names-per-diff} names
 * nobody, so a room filling at once costs counts, not everyone's names. A quiet room ({@code presence.quiet-rooms})
 * gets none.
 */
@Singleton
public class PresenceNotices implements Notices {

    private final Publishing publishing;
    private final Presence presence;
    private final RoomHub hub;
    private final int listLimit;
    private final int maxNames;
    private final Pattern quiet;
    /** Big rooms, with their last known member count. */
    private final Map<String, Long> bigRooms = new ConcurrentHashMap<>();
    /** Per big room, the users whose membership changed since the last diff: true joined, false left. Guarded by this. */
    private Map<String, LinkedHashMap<String, Boolean>> pending = new HashMap<>();

    PresenceNotices(Publishing publishing, Presence presence, RoomHub hub, RoomcastConfig config, Vertx vertx) {
        this.publishing = publishing;
        this.presence = presence;
        this.hub = hub;
        this.listLimit = config.presence().maxMembersListed();
        this.maxNames = config.presence().maxNamesPerDiff();
        this.quiet = RoomPatterns.compile(config.presence().quietRooms().orElse(List.of()));
        vertx.setPeriodic(config.presence().diffInterval().toMillis(), id -> flush());
    }

    @Override
    public Future<Void> joined(String room, String user, long count) {
        return announce(room, user, count, true);
    }

    @Override
    public Future<Void> left(String room, String user, long count) {
        return announce(room, user, count, false);
    }

    /**
     * Per event or gathered. With the count unknown (a leave, a reaped instance's members) and the room not
     * known to be big, presence is asked first: a dead instance's thousands of members in one big room must
     * not become thousands of notices.
     */
    private Future<Void> announce(String room, String user, long count, boolean joined) {
        if (isQuiet(room)) {
            return Future.succeededFuture();
        }
        if (count < 0 && !knownBig(room)) {
            return presence.count(room).recover(unknown -> Future.succeededFuture((long) hub.count(room)))
                    .compose(now -> announce(room, user, now, joined));
        }
        if (count >= 0) {
            remember(room, count);
        }
        if (!knownBig(room)) { // never to the user's own connections: nobody is told about itself
            return joined
                    ? publishing.toRoomExceptUser(room, ServerMessageEncoder.encode(new ServerMessage.UserJoined(room, user)), user)
                    : publishing.toRoom(room, ServerMessageEncoder.encode(new ServerMessage.UserLeft(room, user)), null);
        }
        gather(room, user, joined);
        return Future.succeededFuture();
    }

    /** One diff per room that changed, with the room's count after it; completes when all are published. */
    @Override
    public Future<Void> flush() {
        bigRooms.keySet().removeIf(room -> hub.count(room) == 0 && !isPending(room)); // gone from this instance
        Map<String, LinkedHashMap<String, Boolean>> due;
        synchronized (this) {
            if (pending.isEmpty()) {
                return Future.succeededFuture();
            }
            due = pending;
            pending = new HashMap<>();
        }
        List<Future<Void>> published = new ArrayList<>(due.size());
        due.forEach((room, changes) -> {
            List<String> joined = new ArrayList<>();
            List<String> left = new ArrayList<>();
            changes.forEach((user, in) -> (in ? joined : left).add(user));
            published.add(presence.count(room).recover(unknown -> Future.succeededFuture((long) hub.count(room)))
                    .compose(count -> {
                        remember(room, count); // (a room shrunk to the limit goes back to per-event notices)
                        int changed = joined.size() + left.size();
                        ServerMessage.PresenceDiff diff = changed > maxNames
                                ? ServerMessage.PresenceDiff.unlisted(room, changed, count)
                                : new ServerMessage.PresenceDiff(room, joined, left, count, 0);
                        return publishing.toRoom(room, ServerMessageEncoder.encode(diff), null);
                    }));
        });
        return Future.join(published).mapEmpty();
    }

    private boolean isQuiet(String room) {
        return quiet != null && quiet.matcher(room).matches();
    }

    /**
     * Big by the last count known, or while changes wait for its next diff: a per-event notice must not overtake
     * gathered ones when the room shrinks back to the limit.
     */
    private boolean knownBig(String room) {
        // hub.count takes the room's lock: never call it holding this monitor (a commit holds the room's lock
        // and then calls in here)
        return bigRooms.containsKey(room) || isPending(room) || hub.count(room) > listLimit;
    }

    private synchronized boolean isPending(String room) {
        return pending.containsKey(room);
    }

    private synchronized void remember(String room, long count) {
        if (count > listLimit) {
            bigRooms.put(room, count);
        } else {
            bigRooms.remove(room);
        }
    }

    /** A join and a leave of the same user within one interval cancel out. */
    private synchronized void gather(String room, String user, boolean joined) {
        LinkedHashMap<String, Boolean> changes = pending.computeIfAbsent(room, r -> new LinkedHashMap<>());
        Boolean earlier = changes.remove(user);
        if (earlier == null || earlier == joined) {
            changes.put(user, joined);
        }
    }
}
