package dev.roomcast.cluster;

import io.vertx.core.Future;

/**
 * Which rooms and users this instance receives traffic for: what {@link Publishing} on another instance
 * reaches here. The room layer watches a room while it has a connection in it, a user while the user
 * has a connection here.
 */
public interface Watching {

    /** This instance now has a connection in the room: receive its traffic. Completes once that is live. */
    Future<Void> watchRoom(String room);

    /** The room's last connection here left. */
    void unwatchRoom(String room);

    /** The user's first connection here opened: receive its private messages. Completes once that is live. */
    Future<Void> watchUser(String user);

    /** The user's last connection here closed. */
    void unwatchUser(String user);
}
