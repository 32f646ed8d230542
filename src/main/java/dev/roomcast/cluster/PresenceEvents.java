package dev.roomcast.cluster;

/**
 * Who hears presence's transitions (see {@link Transitions}): of rooms, and of users being online (a user's
 * connections counted as the members of a room of their own). Null when nobody listens: then nothing is kept
 * for users, and rooms report nothing.
 */
public interface PresenceEvents {

    Transitions rooms();

    Transitions users();
}
