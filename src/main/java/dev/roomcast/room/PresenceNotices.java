package dev.roomcast.room;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import jakarta.inject.Singleton;

import dev.roomcast.cluster.Fanout;
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
 * then costs n/interval notices, not n². A quiet room ({@code presence.quiet-rooms}) gets none.
 */
@Singleton
public class PresenceNotices implements Notices {

    private final Fanout fanout;
    private final Presence presence;
    private final RoomHub hub;
    private final int listLimit;
    private final Pattern quiet;
    /** Big rooms, with their last known member count. */
    private final Map<String, Long> bigRooms = new ConcurrentHashMap<>();
    /** Per big room, the users whose membership changed since the last diff: true joined, false left. Guarded by this. */
    private Map<String, LinkedHashMap<String, Boolean>> pending = new HashMap<>();

    PresenceNotices(Fanout fanout, Presence presence, RoomHub hub, RoomcastConfig config, Vertx vertx) {
        this.fanout = fanout;
        this.presence = presence;
        this.hub = hub;
        this.listLimit = config.presence().maxMembersListed();
        this.quiet = RoomPatterns.compile(config.presence().quietRooms().orElse(List.of()));
        vertx.setPeriodic(config.presence().diffInterval().toMillis(), id -> flush());
    }

    @Override
    public Future<Void> joined(String room, String user, long count) {
        if (isQuiet(room)) {
            return Future.succeededFuture();
        }
        if (!isBig(room, count)) { // never to the user's own connections: nobody is told about itself
            return fanout.toRoomExceptUser(room, ServerMessageEncoder.encode(new ServerMessage.UserJoined(room, user)), user);
        }
        gather(room, user, true);
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> left(String room, String user, long count) {
        if (isQuiet(room)) {
            return Future.succeededFuture();
        }
        if (!isBig(room, count)) {
            return fanout.toRoom(room, ServerMessageEncoder.encode(new ServerMessage.UserLeft(room, user)), null);
        }
        gather(room, user, false);
        return Future.succeededFuture();
    }

    /** One diff per room that changed, with the room's count after it; completes when all are published. */
    @Override
    public Future<Void> flush() {
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
                        remember(room, count);
                        return fanout.toRoom(room, ServerMessageEncoder.encode(
                                new ServerMessage.PresenceDiff(room, joined, left, count)), null);
                    }));
        });
        return Future.join(published).mapEmpty();
    }

    private boolean isQuiet(String room) {
        return quiet != null && quiet.matcher(room).matches();
    }

    /** Big by the count reported now, else by the last one known, or by this instance's own members. */
    private boolean isBig(String room, long count) {
        if (count >= 0) {
            remember(room, count);
            return count > listLimit;
        }
        return bigRooms.containsKey(room) || hub.count(room) > listLimit;
    }

    private void remember(String room, long count) {
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
