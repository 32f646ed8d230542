package dev.roomcast.cluster.memory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.roomcast.cluster.History;
import dev.roomcast.protocol.EncodedMessage;
import dev.roomcast.protocol.HistoryPosition;

/**
 * One room's history in memory: a bounded ring of stamped messages, the client message ids still in
 * it, and the epoch naming it. Guarded by its own monitor: appending and delivering happen under it,
 * so offsets are handed out in delivery order.
 */
final class RoomLog {

    final String epoch;
    private final int size;
    private final ArrayDeque<History.Entry> entries;
    /** "user\nid" of each entry ("" without an id: ArrayDeque holds no nulls), in the same order as entries. */
    private final ArrayDeque<String> idKeys;
    private final Map<String, Long> offsetById = new HashMap<>();
    private long latest;
    private long lastTouchedNanos = System.nanoTime();
    /** Swept after the ttl: whoever finds it so must take the room's new log instead. */
    boolean removed;

    RoomLog(String epoch, int size) {
        this.epoch = epoch;
        this.size = size;
        this.entries = new ArrayDeque<>(Math.min(size, 16));
        this.idKeys = new ArrayDeque<>(Math.min(size, 16));
    }

    /** The offset an earlier message with this id got, or -1. */
    long offsetOf(String idKey) {
        return idKey == null ? -1 : offsetById.getOrDefault(idKey, -1L);
    }

    /** Takes the next offset for a message; {@code stamped} must carry it. */
    long nextOffset() {
        return latest + 1;
    }

    void append(long offset, EncodedMessage stamped, String idKey) {
        latest = offset;
        lastTouchedNanos = System.nanoTime();
        if (entries.size() == size) {
            entries.removeFirst();
            String evicted = idKeys.removeFirst();
            if (!evicted.isEmpty()) {
                offsetById.remove(evicted);
            }
        }
        entries.addLast(new History.Entry(offset, stamped));
        idKeys.addLast(idKey == null ? "" : idKey);
        if (idKey != null) {
            offsetById.put(idKey, offset);
        }
    }

    History.Replay after(long after) {
        List<History.Entry> out = new ArrayList<>();
        if (after >= 0) {
            for (History.Entry entry : entries) {
                if (entry.offset() > after) {
                    out.add(entry);
                }
            }
        }
        long oldest = entries.isEmpty() ? latest + 1 : entries.peekFirst().offset();
        return new History.Replay(new HistoryPosition(latest, epoch), oldest, out);
    }

    /** The ttl passed while the room stayed occupied: its messages go, its epoch and offsets stay. */
    void expireMessages() {
        entries.clear();
        idKeys.clear();
        offsetById.clear();
        lastTouchedNanos = System.nanoTime();
    }

    boolean idleLongerThan(long nanos) {
        return System.nanoTime() - lastTouchedNanos > nanos;
    }
}
