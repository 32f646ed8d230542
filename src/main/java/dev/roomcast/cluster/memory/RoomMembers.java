package dev.roomcast.cluster.memory;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.roomcast.cluster.Presence;

/** One room's members in memory: in join order (for listing) and in user id order (for paging). Guarded by its owner. */
final class RoomMembers {

    private final Set<String> joinOrder = new LinkedHashSet<>();
    private final TreeSet<String> byId = new TreeSet<>();

    boolean add(String user) {
        byId.add(user);
        return joinOrder.add(user);
    }

    boolean remove(String user) {
        byId.remove(user);
        return joinOrder.remove(user);
    }

    boolean isEmpty() {
        return joinOrder.isEmpty();
    }

    int size() {
        return joinOrder.size();
    }

    /** The members in join order while there are at most {@code listLimit}, else only their count. */
    Presence.Roster roster(int listLimit) {
        return new Presence.Roster(joinOrder.size(), joinOrder.size() <= listLimit ? List.copyOf(joinOrder) : null);
    }

    Presence.Page page(String after, int limit) {
        return Presence.Page.of(after == null ? byId : byId.tailSet(after, false), after, limit);
    }
}
