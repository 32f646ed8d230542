package dev.roomcast.room;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.roomcast.session.Session;
import dev.roomcast.session.SessionArrays;

/**
 * One room on this instance. Joins and leaves lock the room (never the whole hub); delivery
 * reads the current {@link #sessions} array without a lock.
 */
final class Room {

    final String name;
    /** Copy-on-write; replaced only while holding this room's lock. */
    volatile Session[] sessions = SessionArrays.EMPTY;
    /** User → number of that user's connections in the room, in join order. Guarded by this. */
    private final Map<String, Integer> connectionsPerUser = new LinkedHashMap<>();
    /** Set once the room is empty and taken out of the hub; a joiner must then make a new one. */
    private boolean removed;

    Room(String name) {
        this.name = name;
    }

    boolean isRemoved() {
        return removed;
    }

    void add(Session session) {
        sessions = SessionArrays.with(sessions, session);
        connectionsPerUser.merge(session.user(), 1, Integer::sum);
    }

    /** @return whether the session's user stopped being a member (its last connection left) */
    boolean remove(Session session) {
        sessions = SessionArrays.without(sessions, session);
        Integer left = connectionsPerUser.computeIfPresent(session.user(), (user, n) -> n == 1 ? null : n - 1);
        if (sessions.length == 0) {
            removed = true;
        }
        return left == null;
    }

    boolean contains(Session session) {
        return SessionArrays.contains(sessions, session);
    }

    List<String> members() {
        return List.copyOf(connectionsPerUser.keySet());
    }
}
