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

    /** Told of a join under the room's lock, before the joiner can receive any room traffic. */
    @FunctionalInterface
    public interface OnJoin {
        /**
         * @param members the members after the join, joiner included, in join order
         * @param newMember whether the joiner's user was not a member before (its first connection here)
         */
        void joined(List<String> members, boolean newMember);
    }

    /** Told of a leave under the room's lock, after the connection is out. */
    @FunctionalInterface
    public interface OnLeave {
        /** @param memberLeft whether that was the user's last connection in the room */
        void left(boolean memberLeft);
    }

    /**
     * Adds the session to the room. Running {@code onJoin} under the lock means a notice it
     * sends reaches exactly the connections in the room at that moment, and the joiner's own
     * reply comes before any room traffic. An already joined session is told again; nothing changes.
     *
     * @return whether the session was added (false when it was already in the room)
     */
    public boolean join(String name, Session session, OnJoin onJoin) {
        while (true) {
            Room room = rooms.computeIfAbsent(name, Room::new);
            synchronized (room) {
                if (room.isRemoved()) {
                    continue; // emptied and dropped between lookup and lock; take the fresh one
                }
                if (room.contains(session)) {
                    onJoin.joined(room.members(), false);
                    return false;
                }
                List<String> before = room.members();
                boolean newMember = !before.contains(session.user());
                onJoin.joined(newMember ? append(before, session.user()) : before, newMember);
                room.add(session);
                return true;
            }
        }
    }

    /**
     * Removes the session from the room; the room goes away with its last connection.
     *
     * @return whether the session was in the room
     */
    public boolean leave(String name, Session session, OnLeave onLeave) {
        Room room = rooms.get(name);
        if (room == null) {
            return false;
        }
        synchronized (room) {
            if (!room.contains(session)) {
                return false;
            }
            boolean memberLeft = room.remove(session);
            onLeave.left(memberLeft);
            if (room.isRemoved()) {
                rooms.remove(name, room);
            }
            return true;
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
