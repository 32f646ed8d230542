package dev.roomcast.cluster.memory;

import java.util.concurrent.ConcurrentHashMap;

import dev.roomcast.cluster.Epochs;
import dev.roomcast.cluster.History;
import dev.roomcast.cluster.LocalMembers;
import dev.roomcast.cluster.LocalRecipients;
import dev.roomcast.protocol.EncodedMessage;
import dev.roomcast.protocol.Offsets;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * History for a single instance: a {@link RoomLog} per room, dropped after the ttl without a message
 * (a later one starts a new epoch). A restart loses it all, and every epoch with it.
 */
public final class InMemoryHistory implements History {

    private final ConcurrentHashMap<String, RoomLog> logs = new ConcurrentHashMap<>();
    private final int size;
    private final long ttlNanos;

    public InMemoryHistory(int size, long ttlMillis) {
        this.size = size;
        this.ttlNanos = ttlMillis * 1_000_000;
    }

    /**
     * Sweeps expired logs now and then: the messages go; the epoch and offset counter go too unless the room
     * still has connections here (members that stay through a quiet spell keep their epoch).
     */
    public long start(Vertx vertx, LocalMembers members) {
        long every = Math.max(1_000, Math.min(60_000, ttlNanos / 1_000_000 / 4));
        return vertx.setPeriodic(every, id -> logs.entrySet().removeIf(entry -> {
            RoomLog log = entry.getValue();
            synchronized (log) {
                if (!log.idleLongerThan(ttlNanos)) {
                    return false;
                }
                if (members.isOccupied(entry.getKey())) {
                    log.expireMessages();
                    return false;
                }
                log.removed = true;
                return true;
            }
        }));
    }

    @Override
    public Future<Replay> read(String room, long after) {
        while (true) {
            RoomLog log = log(room);
            synchronized (log) {
                if (!log.removed) { // reading does not extend the ttl: only a message does
                    return Future.succeededFuture(log.after(after));
                }
            }
        }
    }

    /**
     * Appends and delivers under the room log's lock, so offsets follow delivery order. A repeat of
     * (user, id) still held is neither appended nor delivered; it completes with the first offset.
     */
    public long appendAndDeliver(String room, EncodedMessage unstamped, String user, String id, LocalRecipients local) {
        String idKey = id == null ? null : user + "\n" + id;
        while (true) {
            RoomLog log = log(room);
            synchronized (log) {
                if (!log.removed) {
                    return appendAndDeliver(log, room, unstamped, idKey, local);
                }
            }
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

    private RoomLog log(String room) {
        return logs.computeIfAbsent(room, r -> new RoomLog(Epochs.next(), size));
    }
}
