package dev.roomcast.cluster.memory;

import java.util.concurrent.ConcurrentHashMap;

import dev.roomcast.cluster.Epochs;
import dev.roomcast.cluster.History;
import dev.roomcast.cluster.HistoryLimits;
import dev.roomcast.cluster.LocalMembers;
import dev.roomcast.cluster.LocalRecipients;
import dev.roomcast.protocol.EncodedMessage;
import dev.roomcast.protocol.Offsets;
import dev.roomcast.telemetry.RoomcastMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * History for a single instance: a {@link RoomLog} per room, dropped after the ttl without a message
 * (a later one starts a new epoch). A restart loses it all, and every epoch with it. All rooms together
 * stay within {@code history.max-bytes} ({@link HistoryBudget}): a write that would pass it first evicts
 * whole rooms' logs, least recently written first, as the ttl would (an empty room's log goes, a new epoch
 * follows; an occupied room loses its messages and ids, and keeps its epoch and offsets).
 */
public final class InMemoryHistory implements History {

    private final ConcurrentHashMap<String, RoomLog> logs = new ConcurrentHashMap<>();
    private final int size;
    private final int idWindow;
    private final long ttlNanos;
    private final long maxRoomBytes;
    private final HistoryBudget budget;
    private final LocalMembers members;
    private final boolean readExtends;

    public InMemoryHistory(HistoryLimits limits, LocalMembers members, RoomcastMetrics metrics) {
        this.size = limits.size();
        this.idWindow = limits.idWindow();
        this.ttlNanos = limits.ttlMillis() * 1_000_000;
        this.maxRoomBytes = Math.min(limits.maxRoomBytes(), limits.maxBytes()); // one room alone fits the budget
        this.budget = new HistoryBudget(limits.maxBytes(), metrics);
        this.members = members;
        this.readExtends = limits.readExtends();
    }

    /**
     * Sweeps expired logs now and then: the messages go; the epoch and offset counter go too unless the room
     * still has connections here (members that stay through a quiet spell keep their epoch).
     */
    public long start(Vertx vertx) {
        long every = Math.max(1_000, Math.min(60_000, ttlNanos / 1_000_000 / 4));
        return vertx.setPeriodic(every, id -> logs.entrySet().removeIf(entry -> {
            RoomLog log = entry.getValue();
            synchronized (log) {
                if (log.removed || !log.idleLongerThan(ttlNanos)) {
                    return log.removed;
                }
                if (members.isOccupied(entry.getKey())) {
                    log.expireMessages();
                    return false;
                }
                log.remove();
                return true;
            }
        }));
    }

    /** Bytes all rooms' history holds on this instance now (messages, ids and bookkeeping). */
    public long heldBytes() {
        return budget.held();
    }

    @Override
    public Future<Replay> read(String room, long after) {
        while (true) {
            RoomLog log = log(room);
            synchronized (log) {
                if (!log.removed) { // reading extends the ttl only where a connect should (not for rooms)
                    if (readExtends) {
                        log.touch();
                    }
                    return Future.succeededFuture(log.after(after));
                }
            }
            logs.remove(room, log);
        }
    }

    /**
     * Appends and delivers under the room log's lock, so offsets follow delivery order. A repeat of
     * (user, id) still remembered is neither appended nor delivered; it completes with the first offset.
     */
    public long appendAndDeliver(String room, EncodedMessage unstamped, String user, String id, LocalRecipients local) {
        String idKey = id == null ? null : user + "\n" + id;
        long cost = HeldBytes.message(unstamped) + HeldBytes.STAMP + (idKey == null ? 0 : HeldBytes.id(idKey));
        while (true) {
            RoomLog log = log(room);
            makeRoom(cost, log);
            synchronized (log) {
                if (!log.removed) {
                    return appendAndDeliver(log, room, unstamped, idKey, local);
                }
            }
            logs.remove(room, log);
        }
    }

    private static long appendAndDeliver(RoomLog log, String room, EncodedMessage unstamped, String idKey,
            LocalRecipients local) {
        long earlier = log.offsetOf(idKey);
        if (earlier >= 0) {
            return earlier;
        }
        long offset = log.nextOffset();
        EncodedMessage stamped = Offsets.stamp(unstamped, offset);
        log.append(offset, stamped, idKey);
        local.toRoomInOrder(room, stamped, offset, log.epoch, null);
        return offset;
    }

    /**
     * Evicts whole logs, least recently written first, until {@code bytes} more fit. Never the log being
     * written: alone, it fits (its bound is at most the budget). Called holding no log's lock.
     */
    private void makeRoom(long bytes, RoomLog writing) {
        while (budget.wouldPass(bytes)) {
            RoomLog victim = budget.takeOldest(writing);
            if (victim == null) {
                return;
            }
            synchronized (victim) {
                if (victim.removed) {
                    continue;
                }
                int messages = victim.messages();
                if (!members.isOccupied(victim.room)) {
                    victim.remove();
                    logs.remove(victim.room, victim);
                    budget.evicted(messages);
                } else if (victim.holdsAnything()) {
                    victim.expireMessages();
                    budget.evicted(messages);
                }
            }
        }
    }

    private RoomLog log(String room) {
        RoomLog log = logs.get(room);
        if (log != null) {
            return log;
        }
        log = logs.computeIfAbsent(room, r -> new RoomLog(r, Epochs.next(), size, idWindow, maxRoomBytes, budget));
        makeRoom(0, log); // a new room's bookkeeping counts too
        return log;
    }
}
