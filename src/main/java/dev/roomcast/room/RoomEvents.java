package dev.roomcast.room;

import java.util.List;

import dev.roomcast.cluster.Presence;
import dev.roomcast.protocol.EncodedMessage;

/** What {@link RoomHub} tells its callers of a join or leave, under the room's lock. */
public final class RoomEvents {

    private RoomEvents() {
    }

    /** Told of a reservation under the room's lock; what it returns, {@link RoomHub#reserve} returns. */
    @FunctionalInterface
    public interface OnReserve<T> {
        /**
         * @param roomCreated the room did not exist here before
         * @param firstOfUser this is the user's first connection in the room here
         */
        T reserved(boolean roomCreated, boolean firstOfUser);
    }

    /** Told of a commit under the room's lock, before the joiner can receive any room traffic. */
    @FunctionalInterface
    public interface OnJoin {
        /**
         * @param local this instance's members after the join, joiner included, in join order (unless too many)
         * @return the members the joiner was told of in its {@code joined}, or null when it got only a count
         */
        List<String> joined(Presence.Roster local);
    }

    /** Told of a leave (or an abandoned reservation) under the room's lock, after the connection is out. */
    @FunctionalInterface
    public interface OnLeave {
        /**
         * @param lastOfUser that was the user's last connection in the room here
         * @param roomRemoved the room is now empty here and gone
         */
        void left(boolean lastOfUser, boolean roomRemoved);
    }

    /** Told of a commit after history was read, under the room's lock. */
    @FunctionalInterface
    public interface OnJoinFromHistory {
        /**
         * @param local this instance's members after the join, joiner included, in join order (unless too many)
         * @param catchUp history messages after the position read that reached this instance before the commit
         *            (null: some of them are no longer at hand, so the joiner misses them)
         * @param upTo the last offset the joiner has, with the catch-up; later ones reach it live
         * @return the members the joiner was told of in its {@code joined}, or null when it got only a count
         */
        List<String> joined(Presence.Roster local, List<EncodedMessage> catchUp, long upTo);
    }
}
