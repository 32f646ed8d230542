package dev.roomcast.cluster;

import java.util.List;

import io.vertx.core.Future;

/**
 * Who is a member of which room across all instances. An instance reports only transitions of
 * its own connections: a user's first connection in a room here ({@link #add}) and the last
 * ({@link #remove}). Calls for one room and user must be issued in the order they happened.
 * Nothing here costs in proportion to a room's size unless the room is small enough to list.
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

    /** How many members the room has across all instances, and who they are while it is small enough to list. */
    Future<Roster> roster(String room);

    /** Up to {@code limit} members after {@code after} (null: from the start), in user id order. */
    Future<Page> page(String room, String after, int limit);

    /** How many members the room has across all instances. */
    Future<Long> count(String room);

    /**
     * Rooms with members whose names start with {@code prefix}, with their counts, from {@code cursor} (null: the
     * start): about {@code limit} of them, in name order within a page. {@code next} continues, null at the end.
     */
    Future<RoomPage> rooms(String prefix, String cursor, int limit);

    record RoomCount(String room, long count) {
    }

    record RoomPage(List<RoomCount> rooms, String next) {
    }

    /** A room's member count, and its members (in join order where known) or null when there are too many to list. */
    record Roster(long count, List<String> members) {
    }

    /** The result of an {@link #add}: whether the user is new to the room everywhere, and the room after it. */
    record Membership(boolean newMember, Roster roster) {
    }

    /** One page of members; {@code next} is the {@code after} of the next page, or null on the last. */
    record Page(List<String> users, String next) {

        /** The page of up to {@code limit} users after {@code after} (null: from the start) of users in id order. */
        public static Page of(Iterable<String> sortedUsers, String after, int limit) {
            List<String> users = new java.util.ArrayList<>();
            for (String user : sortedUsers) {
                if (after != null && user.compareTo(after) <= 0) {
                    continue;
                }
                if (users.size() == limit) {
                    return new Page(users, users.get(limit - 1));
                }
                users.add(user);
            }
            return new Page(users, null);
        }
    }
}
