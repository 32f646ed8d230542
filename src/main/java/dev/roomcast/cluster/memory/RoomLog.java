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
 * One room's history in memory: the newest messages, at most {@code size} of them and at most
 * {@code maxMessageBytes} of message bytes (oldest go first); the client message ids of the room's last
 * {@code idWindow} offsets (kept even when the byte bound dropped their message); the epoch naming it. Guarded by
 * its own monitor: appending and delivering happen under it, so offsets are handed out in delivery order.
 * What it holds is counted, in bytes, in the instance's {@link HistoryBudget}, kept up to date on every change.
 */
final class RoomLog {

    final String room;
    final String epoch;
    private final int size;
    private final int idWindow;
    private final long maxMessageBytes;
    private final HistoryBudget budget;
    private final ArrayDeque<History.Entry> entries;
    private final ArrayDeque<HeldId> ids = new ArrayDeque<>();
    private final Map<String, Long> offsetById = new HashMap<>();
    /** The held messages' bytes, what {@code maxMessageBytes} bounds. */
    private long messageBytes;
    /** Everything held, as counted in the budget (see {@link HeldBytes}). */
    private long bytes;
    private long latest;
    private long lastTouchedNanos = System.nanoTime();
    /** Swept after the ttl or evicted: whoever finds it so must take the room's new log instead. */
    boolean removed;

    /** A client message id ("user\nid") and the offset its message got. */
    private record HeldId(String key, long offset) {
    }

    RoomLog(String room, String epoch, int size, int idWindow, long maxMessageBytes, HistoryBudget budget) {
        this.room = room;
        this.epoch = epoch;
        this.size = size;
        this.idWindow = idWindow;
        this.maxMessageBytes = maxMessageBytes;
        this.budget = budget;
        this.entries = new ArrayDeque<>(Math.min(size, 16));
        change(HeldBytes.room(room));
        budget.written(this, 0); // evictable from the start: a room that only had joins holds its bookkeeping
    }

    /** The offset an earlier message with this id got, or -1. */
    long offsetOf(String idKey) {
        return idKey == null ? -1 : offsetById.getOrDefault(idKey, -1L);
    }

    /** Read by a connect, for histories whose ttl that extends (inboxes, broadcasts). */
    void touch() {
        lastTouchedNanos = System.nanoTime();
    }

    /** Takes the next offset for a message; {@code stamped} must carry it. */
    long nextOffset() {
        return latest + 1;
    }

    void append(long offset, EncodedMessage stamped, String idKey) {
        latest = offset;
        lastTouchedNanos = System.nanoTime();
        entries.addLast(new History.Entry(offset, stamped));
        messageBytes += stamped.utf8().length;
        long delta = HeldBytes.message(stamped);
        int trimmedForBytes = 0;
        while (!entries.isEmpty() && (entries.size() > size || messageBytes > maxMessageBytes)) {
            boolean forBytes = entries.size() <= size;
            EncodedMessage dropped = entries.removeFirst().message();
            messageBytes -= dropped.utf8().length;
            delta -= HeldBytes.message(dropped);
            trimmedForBytes += forBytes ? 1 : 0;
        }
        if (idKey != null) {
            ids.addLast(new HeldId(idKey, offset));
            offsetById.put(idKey, offset);
            delta += HeldBytes.id(idKey);
        }
        while (!ids.isEmpty() && ids.peekFirst().offset() <= latest - idWindow) {
            HeldId old = ids.removeFirst();
            offsetById.remove(old.key());
            delta -= HeldBytes.id(old.key());
        }
        change(delta);
        budget.written(this, trimmedForBytes);
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

    /** Messages held now. */
    int messages() {
        return entries.size();
    }

    /** Whether it holds messages or ids: anything evicting it would free besides the room's own bookkeeping. */
    boolean holdsAnything() {
        return !entries.isEmpty() || !ids.isEmpty();
    }

    /** The ttl passed, or the budget evicted it, while the room stayed occupied: messages and ids go, epoch and offsets stay. */
    void expireMessages() {
        entries.clear();
        ids.clear();
        offsetById.clear();
        messageBytes = 0;
        change(HeldBytes.room(room) - bytes);
        lastTouchedNanos = System.nanoTime();
    }

    /** Swept or evicted whole: a later message starts a new log, with a new epoch. */
    void remove() {
        removed = true;
        change(-bytes);
        budget.forget(this);
    }

    boolean idleLongerThan(long nanos) {
        return System.nanoTime() - lastTouchedNanos > nanos;
    }

    private void change(long delta) {
        bytes += delta;
        budget.add(delta);
    }
}
