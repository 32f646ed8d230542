package dev.roomcast.cluster.memory;

import java.util.concurrent.ConcurrentHashMap;

import dev.roomcast.cluster.Presence;
import dev.roomcast.cluster.Transitions;
import io.vertx.core.Future;

/** Presence for a single instance. Futures are already complete, so callers continue at once. */
public final class InMemoryPresence implements Presence {

    private static final Roster NOBODY = new Roster(0, java.util.List.of());

    private final ConcurrentHashMap<String, RoomMembers> rooms = new ConcurrentHashMap<>();
    private final int listLimit;
    private final Transitions transitions;

    /**
     * @param listLimit rooms with more members than this are not listed, only counted
     * @param transitions hears every join and leave of a room (one instance: each is a transition of the cluster)
     */
    public InMemoryPresence(int listLimit, Transitions transitions) {
        this.listLimit = listLimit;
        this.transitions = transitions;
    }

    @Override
    public Future<Membership> add(String room, String user) {
        Membership[] result = new Membership[1];
        rooms.compute(room, (r, members) -> {
            RoomMembers set = members == null ? new RoomMembers() : members;
            boolean added = set.add(user);
            result[0] = new Membership(added, set.roster(listLimit));
            if (added) { // under the room's lock: heard in the order the room changed
                transitions.joined(room, user, set.size());
            }
            return set;
        });
        return Future.succeededFuture(result[0]);
    }

    @Override
    public Future<Boolean> remove(String room, String user) {
        boolean[] removed = new boolean[1];
        rooms.computeIfPresent(room, (r, members) -> {
            removed[0] = members.remove(user);
            if (removed[0]) {
                transitions.left(room, user, members.size());
            }
            return members.isEmpty() ? null : members;
        });
        return Future.succeededFuture(removed[0]);
    }

    /** Nobody else is left to tell but the transitions' listener: whoever is still a member leaves with the instance. */
    @Override
    public Future<Void> leaveAll() {
        for (String room : java.util.List.copyOf(rooms.keySet())) {
            for (String user : complete(page(room, null, Integer.MAX_VALUE)).users()) {
                remove(room, user);
            }
        }
        rooms.clear();
        return Future.succeededFuture();
    }

    private static <T> T complete(Future<T> done) {
        return done.result(); // every future here is already complete
    }

    @Override
    public Future<Roster> roster(String room) {
        Roster[] result = { NOBODY };
        rooms.computeIfPresent(room, (r, members) -> { // read under the same lock the writers hold
            result[0] = members.roster(listLimit);
            return members;
        });
        return Future.succeededFuture(result[0]);
    }

    @Override
    public Future<Page> page(String room, String after, int limit) {
        Page[] result = { new Page(java.util.List.of(), null) };
        rooms.computeIfPresent(room, (r, members) -> {
            result[0] = members.page(after, limit);
            return members;
        });
        return Future.succeededFuture(result[0]);
    }

    /** The cursor is the last room name of the page before. */
    @Override
    public Future<RoomPage> rooms(String prefix, String cursor, int limit) {
        java.util.List<String> names = rooms.keySet().stream().filter(r -> r.startsWith(prefix))
                .filter(r -> cursor == null || r.compareTo(cursor) > 0).sorted().toList();
        java.util.List<RoomCount> page = new java.util.ArrayList<>();
        for (String room : names.subList(0, Math.min(limit, names.size()))) {
            long size = count(room).result();
            if (size > 0) {
                page.add(new RoomCount(room, size));
            }
        }
        String next = names.size() > limit ? names.get(limit - 1) : null;
        return Future.succeededFuture(new RoomPage(page, next));
    }

    @Override
    public Future<Long> count(String room) {
        RoomMembers members = rooms.get(room);
        long[] count = { 0 };
        if (members != null) {
            rooms.computeIfPresent(room, (r, m) -> {
                count[0] = m.size();
                return m;
            });
        }
        return Future.succeededFuture(count[0]);
    }
}
