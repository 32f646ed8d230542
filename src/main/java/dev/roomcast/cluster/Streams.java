package dev.roomcast.cluster;

/**
 * The histories that are not rooms a client joins: each user's inbox (its private messages) and the one broadcast
 * stream. Each is kept and delivered as a room is (offsets, epochs, resume, ids), under a name no client room can
 * have: client room names never start with {@link #PREFIX} (RequestLimits refuses them whatever the pattern).
 */
public final class Streams {

    public static final String PREFIX = "#";
    public static final String BROADCASTS = "#broadcasts";
    private static final String INBOX = "#inbox:";

    private Streams() {
    }

    public static String inbox(String user) {
        return INBOX + user;
    }

    public static boolean isStream(String name) {
        return name.startsWith(PREFIX);
    }

    public static boolean isInbox(String name) {
        return name.startsWith(INBOX);
    }

    /** What kind of history a name is. */
    public enum Kind {
        ROOM, INBOX, BROADCASTS;

        public static Kind of(String name) {
            if (!isStream(name)) {
                return ROOM;
            }
            return isInbox(name) ? INBOX : BROADCASTS;
        }
    }
}
