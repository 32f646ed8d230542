package dev.roomcast.cluster;

import dev.roomcast.protocol.EncodedMessage;
import io.opentelemetry.context.Context;

/**
 * This instance's connections, as the cluster sees them: where every fan-out ends, for messages
 * published here and for those arriving from other instances. The room layer implements it, so the
 * cluster never depends on rooms or sessions.
 */
public interface LocalRecipients {

    /**
     * To every connection in the room here but the connection {@code exceptSessionId} and the connections
     * of {@code exceptUser} (either may be null).
     *
     * @param remoteParent for a message from another instance, the trace context it came with; else null
     */
    void toRoom(String room, EncodedMessage message, String exceptSessionId, String exceptUser, Context remoteParent);

    /**
     * A message from the room's history, in offset order: to every connection in the room here, but not to a
     * resuming connection that was already given it from history.
     */
    void toRoomInOrder(String room, EncodedMessage stamped, long offset, String epoch, Context remoteParent);

    /** @return how many connections the user has here (whether or not each could take it) */
    int toUser(String user, EncodedMessage message, Context remoteParent);

    void toAll(EncodedMessage message, Context remoteParent);

    /** Whether the user has a connection here. */
    boolean hasUser(String user);

    /** The user's connections here, each named with {@code instance}. */
    java.util.List<UserConnections.Connection> connectionsOf(String user, String instance);

    /** Closes the user's connections here with that code and reason; returns them as they were. */
    java.util.List<UserConnections.Connection> disconnect(String user, int code, String reason, String instance);
}
