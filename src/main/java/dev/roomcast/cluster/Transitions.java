package dev.roomcast.cluster;

/**
 * Hears presence's cluster-wide transitions where they are decided: by the instance whose call changed the state
 * (in Redis, the one whose script saw the first holder come or the last one go; a reaper for a dead instance's).
 * So each transition is heard once in the cluster, not once per instance. Called on whatever thread answered;
 * never blocks.
 */
public interface Transitions {

    /** The user became a member everywhere; {@code count}: the room's members after it. */
    void joined(String room, String user, long count);

    /** The user left the room everywhere; {@code count}: the members left (0: the room is empty). */
    void left(String room, String user, long count);

    Transitions NONE = new Transitions() {
        @Override
        public void joined(String room, String user, long count) {
        }

        @Override
        public void left(String room, String user, long count) {
        }
    };
}
