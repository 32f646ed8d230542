package dev.roomcast.cluster;

import io.vertx.core.Future;

/** The connections of a user on every instance: whether there are any, which, and closing them. */
public interface UserDirectory {

    /** Whether the user has a connection on any instance. */
    Future<Boolean> hasUser(String user);

    /** The user's connections on every instance (those that answered within the command timeout). */
    Future<UserConnections> connectionsOf(String user);

    /** Closes the user's connections on every instance with that code and reason; completes with those closed. */
    Future<UserConnections> disconnect(String user, int code, String reason);
}
