package dev.roomcast.session;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

/** The open sessions of this instance, by connection id and by user. */
@Singleton
public class SessionRegistry {

    private final ConcurrentHashMap<String, Session> byId = new ConcurrentHashMap<>();
    /** Copy-on-write arrays: delivery to a user reads without locking. */
    private final ConcurrentHashMap<String, Session[]> byUser = new ConcurrentHashMap<>();

    public void add(Session session) {
        byId.put(session.id(), session);
        byUser.merge(session.user(), new Session[] { session }, SessionRegistry::append);
    }

    public void remove(Session session) {
        if (byId.remove(session.id()) != null) {
            byUser.computeIfPresent(session.user(), (user, sessions) -> without(sessions, session));
        }
    }

    /** Every session of the user on this instance; empty when none. */
    public Session[] ofUser(String user) {
        return byUser.getOrDefault(user, SessionArrays.EMPTY);
    }

    public Collection<Session> all() {
        return byId.values();
    }

    private static Session[] append(Session[] sessions, Session[] added) {
        return SessionArrays.with(sessions, added[0]);
    }

    /** The array without the session, or null (which removes the user's entry) when none is left. */
    private static Session[] without(Session[] sessions, Session removed) {
        Session[] rest = SessionArrays.without(sessions, removed);
        return rest.length == 0 ? null : rest;
    }
}
