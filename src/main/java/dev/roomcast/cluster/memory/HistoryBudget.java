package dev.roomcast.cluster.memory;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.concurrent.atomic.AtomicLong;

import dev.roomcast.telemetry.RoomcastMetrics;

/**
 * The bytes all rooms' history holds on this instance, against {@code history.max-bytes}, and the rooms'
 * logs in the order they were last written: the least recently written is the first to go when a write
 * would pass the budget. A room log updates it under its own monitor; this takes no other lock while
 * holding its own, so the lock order is always room log → budget.
 */
final class HistoryBudget {

    private final long maxBytes;
    private final RoomcastMetrics metrics;
    private final AtomicLong held = new AtomicLong();
    /** Least recently written first; guarded by itself. */
    private final LinkedHashSet<RoomLog> order = new LinkedHashSet<>();

    HistoryBudget(long maxBytes, RoomcastMetrics metrics) {
        this.maxBytes = maxBytes;
        this.metrics = metrics;
    }

    long maxBytes() {
        return maxBytes;
    }

    /** Bytes held now. */
    long held() {
        return held.get();
    }

    /** Whether {@code more} bytes would pass the budget. */
    boolean wouldPass(long more) {
        return held.get() + more > maxBytes;
    }

    void add(long bytes) {
        held.addAndGet(bytes);
    }

    /** The log was written (or created): it goes to the back of the line. */
    void written(RoomLog log, int trimmedForBytes) {
        synchronized (order) {
            order.remove(log);
            order.add(log);
        }
        if (trimmedForBytes > 0) {
            metrics.historyMessagesEvicted("room_bytes", trimmedForBytes);
        }
    }

    void forget(RoomLog log) {
        synchronized (order) {
            order.remove(log);
        }
    }

    /** Takes the least recently written log other than {@code except} out of the line; null when there is none. */
    RoomLog takeOldest(RoomLog except) {
        synchronized (order) {
            Iterator<RoomLog> it = order.iterator();
            while (it.hasNext()) {
                RoomLog log = it.next();
                if (log != except) {
                    it.remove();
                    return log;
                }
            }
            return null;
        }
    }

    /** A room's log was evicted to stay within the budget, with this many messages. */
    void evicted(int messages) {
        metrics.historyRoomEvicted(messages);
    }
}
