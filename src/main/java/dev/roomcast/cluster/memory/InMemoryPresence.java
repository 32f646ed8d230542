package dev.roomcast.cluster.memory;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.roomcast.cluster.Presence;
import io.vertx.core.Future;

/** Presence for a single instance. Futures are already complete, so callers continue at once. */
public final class InMemoryPresence implements Presence {

    private final ConcurrentHashMap<String, Set<String>> members = new ConcurrentHashMap<>();

    @Override
    public Future<Membership> add(String room, String user) {
        Membership[] result = new Membership[1];
        members.compute(room, (r, users) -> {
            Set<String> set = users == null ? new LinkedHashSet<>() : users;
            boolean added = set.add(user);
            result[0] = new Membership(added, List.copyOf(set));
            return set;
        });
        return Future.succeededFuture(result[0]);
    }

    @Override
    public Future<Boolean> remove(String room, String user) {
        boolean[] removed = new boolean[1];
        members.computeIfPresent(room, (r, users) -> {
            removed[0] = users.remove(user);
            return users.isEmpty() ? null : users;
        });
        return Future.succeededFuture(removed[0]);
    }

    /** Nobody else is left to tell. */
    @Override
    public Future<Void> leaveAll() {
        members.clear();
        return Future.succeededFuture();
    }

    @Override
    public Future<List<String>> members(String room) {
        List<String> copy = List.of();
        List<String>[] result = new List[] { copy };
        members.computeIfPresent(room, (r, users) -> { // copy under the same lock the writers hold
            result[0] = List.copyOf(users);
            return users;
        });
        return Future.succeededFuture(result[0]);
    }
}
