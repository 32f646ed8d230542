package dev.roomcast.cluster;

/**
 * How much room history is kept, from {@code roomcast.history.*}.
 *
 * @param size most messages per room
 * @param ttlMillis a room's history expires this long after its last message
 * @param maxRoomBytes most bytes of messages per room (the oldest go first)
 * @param maxBytes memory mode: most bytes of history on this instance (whole rooms go, least recently written first)
 * @param readExtends a read (a connect) extends the ttl as a message does: inboxes and broadcasts, not rooms
 * @param unseenTtlMillis Redis: how long a history nobody has read at a connect keeps its messages (0: the ttl); an
 *            inbox of a user who has not connected within the ttl, so privates to made-up users cost little
 */
public record HistoryLimits(int size, long ttlMillis, long maxRoomBytes, long maxBytes, boolean readExtends,
        long unseenTtlMillis) {

    public HistoryLimits(int size, long ttlMillis, long maxRoomBytes, long maxBytes) {
        this(size, ttlMillis, maxRoomBytes, maxBytes, false, 0);
    }

    /** Client message ids are remembered for at least this many of a room's last offsets. */
    public static final int MIN_ID_WINDOW = 1000;

    /**
     * Client message ids are remembered for a room's last this many offsets (within the ttl): the history, and at
     * least {@link #MIN_ID_WINDOW}, so a resend after a failover (a frozen instance that wakes up and publishes what
     * the client already resent elsewhere) is still caught after its message left a small history, and ids stay
     * bounded per room.
     */
    public int idWindow() {
        return Math.max(size, MIN_ID_WINDOW);
    }

    public HistoryLimits {
        if (maxRoomBytes <= 0 || maxBytes <= 0) {
            throw new IllegalArgumentException("roomcast.history.max-room-bytes and roomcast.history.max-bytes must be positive");
        }
    }
}
