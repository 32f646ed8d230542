package dev.roomcast.cluster;

import java.util.List;

/**
 * A user's connections across the cluster, as far as the instances answered: {@code complete} is false when
 * an instance that has some did not answer in time (their connections are then missing here).
 */
public record UserConnections(List<Connection> connections, boolean complete) {

    /** One connection: the instance it is on, its id there, and the rooms it is in. */
    public record Connection(String instance, String id, List<String> rooms) {
    }
}
