package dev.roomcast.session;

import java.util.Arrays;

/**
 * Copy-on-write arrays of sessions. Writers replace the array under their own lock; delivery
 * loops read the current array with no lock at all.
 */
public final class SessionArrays {

    public static final Session[] EMPTY = new Session[0];

    private SessionArrays() {
    }

    public static Session[] with(Session[] sessions, Session added) {
        Session[] copy = Arrays.copyOf(sessions, sessions.length + 1);
        copy[sessions.length] = added;
        return copy;
    }

    /** The array without {@code removed}; the same array when it was not there. */
    public static Session[] without(Session[] sessions, Session removed) {
        int index = indexOf(sessions, removed);
        if (index < 0) {
            return sessions;
        }
        Session[] copy = new Session[sessions.length - 1];
        System.arraycopy(sessions, 0, copy, 0, index);
        System.arraycopy(sessions, index + 1, copy, index, sessions.length - index - 1);
        return copy;
    }

    public static boolean contains(Session[] sessions, Session session) {
        return indexOf(sessions, session) >= 0;
    }

    private static int indexOf(Session[] sessions, Session session) {
        for (int i = 0; i < sessions.length; i++) {
            if (sessions[i] == session) {
                return i;
            }
        }
        return -1;
    }
}
