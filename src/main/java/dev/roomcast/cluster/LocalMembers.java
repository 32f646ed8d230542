package dev.roomcast.cluster;

import java.util.List;
import java.util.Map;

/** This instance's rooms with their members here, for re-telling the cluster after Redis lost its state. */
@FunctionalInterface
public interface LocalMembers {

    /**
     * Room → user ids with a connection in it on this instance, joins still under way included (presence may
     * already hold them); rooms without any are left out.
     */
    Map<String, List<String>> snapshot();

    /** Whether the room has a connection on this instance (the hub answers without a snapshot). */
    default boolean isOccupied(String room) {
        return snapshot().containsKey(room);
    }
}
