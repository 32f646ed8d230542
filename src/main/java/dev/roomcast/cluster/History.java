package dev.roomcast.cluster;

import java.util.List;

import dev.roomcast.protocol.EncodedMessage;
import dev.roomcast.protocol.HistoryPosition;
import io.vertx.core.Future;

/**
 * The recent messages of each room, with their offsets, the same on every instance: what a client that
 * resumes with {@code since} missed. This side reads; {@link HistoryWriter} appends (and delivers).
 */
public interface History {

    /**
     * The room's position now and the messages held after offset {@code after} (none when {@code after} is
     * negative), oldest first. A room without history yet gets a fresh epoch and offset 0, kept for the ttl
     * (reading does not extend it; only a message does).
     */
    Future<Replay> read(String room, long after);

    /** One message in a room's history, stamped with its offset. */
    record Entry(long offset, EncodedMessage message) {
    }

    /**
     * @param oldest the oldest offset still held (position.offset + 1 when nothing is held): a client that
     *            saw everything up to {@code oldest - 1} misses nothing
     */
    record Replay(HistoryPosition position, long oldest, List<Entry> entries) {

        /** Whether a client that saw up to {@code offset} in {@code epoch} can be given every message since. */
        public boolean covers(long offset, String epoch) {
            return position.epoch().equals(epoch) && offset <= position.offset() && offset >= oldest - 1;
        }
    }
}
