package dev.roomcast.cluster;

import java.util.Map;

import io.vertx.core.Future;

/**
 * Where each user has read up to, per room and in the inbox ({@link #INBOX}), shared by all the user's connections
 * on every instance. A position only moves forward within its epoch; one in another epoch replaces it. Bounded per
 * user (the least recently updated goes) and expiring with the user's inactivity.
 */
public interface ReadPositions {

    /** The key of the inbox's read position (no room name starts with '#'). */
    String INBOX = Streams.PREFIX + "inbox";

    /** An offset in the history named by {@code epoch} (null when the client did not say). */
    record Position(long offset, String epoch) {
    }

    /** The stored position after a {@link #advance}, and whether that changed it. */
    record Advanced(Position position, boolean moved) {
    }

    /** Moves the user's position at {@code key} (a room, or {@link #INBOX}) to {@code to} if that is forward. */
    Future<Advanced> advance(String user, String key, Position to);

    /** The user's position at {@code key}, or null. */
    Future<Position> get(String user, String key);

    /** Every position the user has: key → position. */
    Future<Map<String, Position>> all(String user);
}
