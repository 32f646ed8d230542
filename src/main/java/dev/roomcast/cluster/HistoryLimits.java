package dev.roomcast.cluster;

/**
 * How much room history is kept, from {@code roomcast.history.*}.
 *
 * @param size most messages per room
 * @param ttlMillis a room's history expires this long after its last message
 * @param maxRoomBytes most bytes of messages per room (the oldest go first)
 * @param maxBytes memory mode: most bytes of history on this instance (whole rooms go, least recently written first)
 */
public record HistoryLimits(int size, long ttlMillis, long maxRoomBytes, long maxBytes) {

    public HistoryLimits {
        if (maxRoomBytes <= 0 || maxBytes <= 0) {
            throw new IllegalArgumentException("roomcast.history.max-room-bytes and roomcast.history.max-bytes must be positive");
        }
    }
}
