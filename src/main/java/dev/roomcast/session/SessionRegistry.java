package dev.roomcast.session;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

/** The open sessions of this instance, by connection id and by user. */
@Singleton
public class SessionRegistry {

    private final ConcurrentHashMap<String, Session> byId = new ConcurrentHashMap<>();
    /** Copy-on-write arrays: delivery to a user reads without locking. */
    private final ConcurrentHashMap<String, Session[]> byUser = new ConcurrentHashMap<>();

    /**
     * Registers the session. {@code onFirstOfUser} runs, under the user's entry lock, when it is
     * the user's first session here: side effects issued there keep the order of the changes.
     */
    public void add(Session session, Runnable onFirstOfUser) {
        byId.put(session.id(), session);
        byUser.compute(session.user(), (user, sessions) -> {
            if (sessions == null) {
                onFirstOfUser.run();
                return new Session[] { session };
            }
            return SessionArrays.with(sessions, session);
        });
    }

    /** Unregisters the session; {@code onLastOfUser} runs, under the user's entry lock, when it was the user's last. */
    public void remove(Session session, Runnable onLastOfUser) {
        if (byId.remove(session.id()) != null) {
            byUser.computeIfPresent(session.user(), (user, sessions) -> {
                Session[] rest = SessionArrays.without(sessions, session);
                if (rest.length == 0) {
                    onLastOfUser.run();
                    return null;
                }
                return rest;
            });
        }
    }

    /** Every session of the user on this instance; empty when none. */
    public Session[] ofUser(String user) {
        return byUser.getOrDefault(user, SessionArrays.EMPTY);
    }

    /** The users with a session here (a live view). */
    public Set<String> connected() {
        return byUser.keySet();
    }

    public Collection<Session> all() {
        return byId.values();
    }

    public int count() {
        return byId.size();
    }
}
