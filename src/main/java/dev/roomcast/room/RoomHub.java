package dev.roomcast.room;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import jakarta.inject.Singleton;

import dev.roomcast.protocol.EncodedMessage;
import dev.roomcast.session.Session;

/**
 * The rooms of this instance and who is in them. A user with several connections in a room is one
 * member. Rooms are created by the first join and removed when the last connection leaves.
 */
@Singleton
public class RoomHub {

    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();

    /** What a join or leave changed. */
    public record Change(boolean applied, boolean membershipChanged) {
        static final Change NONE = new Change(false, false);
    }

    /**
     * Adds the session to the room. {@code greet} receives the member list (the joiner included)
     * before the session can receive any room traffic, so the joiner's {@code joined} frame comes
     * first. An already joined session is greeted again and nothing changes.
     */
    public Change join(String name, Session session, Consumer<List<String>> greet) {
        while (true) {
            Room room = rooms.computeIfAbsent(name, Room::new);
            synchronized (room) {
                if (room.isRemoved()) {
                    continue; // emptied and dropped between lookup and lock; take the fresh one
                }
                if (room.contains(session)) {
                    greet.accept(room.members());
                    return Change.NONE;
                }
                List<String> before = room.members();
                boolean newMember = !before.contains(session.user());
                greet.accept(newMember ? append(before, session.user()) : before);
                room.add(session);
                return new Change(true, newMember);
            }
        }
    }

    /** Removes the session from the room; the room goes away with its last connection. */
    public Change leave(String name, Session session) {
        Room room = rooms.get(name);
        if (room == null) {
            return Change.NONE;
        }
        synchronized (room) {
            if (!room.contains(session)) {
                return Change.NONE;
            }
            boolean memberLeft = room.remove(session);
            if (room.isRemoved()) {
                rooms.remove(name, room);
            }
            return new Change(true, memberLeft);
        }
    }

    /** Writes the message to every connection in the room but {@code exceptSessionId} (may be null). */
    public void deliver(String name, EncodedMessage message, String exceptSessionId) {
        Room room = rooms.get(name);
        if (room == null) {
            return;
        }
        for (Session session : room.sessions) {
            if (exceptSessionId == null || !exceptSessionId.equals(session.id())) {
                session.send(message);
            }
        }
    }

    /** The room's members (user ids, in join order); empty when the room does not exist here. */
    public List<String> members(String name) {
        Room room = rooms.get(name);
        if (room == null) {
            return List.of();
        }
        synchronized (room) {
            return room.members();
        }
    }

    public int roomCount() {
        return rooms.size();
    }

    private static List<String> append(List<String> members, String user) {
        String[] all = members.toArray(new String[members.size() + 1]);
        all[members.size()] = user;
        return List.of(all);
    }
}
