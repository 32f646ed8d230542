package dev.roomcast.cluster;

import java.util.List;

import io.vertx.core.Future;

/**
 * Who is a member of which room across all instances. An instance reports only transitions of
 * its own connections: a user's first connection in a room here ({@link #add}) and the last
 * ({@link #remove}). Calls for one room and user must be issued in the order they happened.
 */
public interface Presence {

    /** The user now has a connection in the room on this instance. */
    Future<Membership> add(String room, String user);

    /** The user has no connection left in the room on this instance; completes with whether it left the room everywhere. */
    Future<Boolean> remove(String room, String user);

    /**
     * This instance is going away: remove everything it holds at once and announce users that thereby
     * left rooms everywhere. Completes when the announcements are published.
     */
    Future<Void> leaveAll();

    /** The room's members across all instances. */
    Future<List<String>> members(String room);

    /** The result of an {@link #add}: whether the user is new to the room everywhere, and the members after it. */
    record Membership(boolean newMember, List<String> members) {
    }
}
