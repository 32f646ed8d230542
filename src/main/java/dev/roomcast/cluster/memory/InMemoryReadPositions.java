package dev.roomcast.cluster.memory;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.roomcast.cluster.ReadPositions;
import io.vertx.core.Future;

/**
 * Read positions for a single instance. Bounded twice: per user ({@code maxRooms}, the least recently updated goes)
 * and in all ({@code maxBytes}, estimated as below: the users who marked something read least recently go whole).
 * Positions also go {@code ttl} after the user's last update. One lock: reads are rate-limited client requests.
 */
public final class InMemoryReadPositions implements ReadPositions {

    /** Estimated heap per user and per position (map entries, the record, the key's chars). */
    static final long USER_BYTES = 200;
    static final long POSITION_BYTES = 150;

    private final int maxRooms;
    private final long maxBytes;
    private final long ttlNanos;
    private final LinkedHashMap<String, UserPositions> users = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    private static final class UserPositions {
        final LinkedHashMap<String, Position> byKey = new LinkedHashMap<>(); // least recently updated first
        long bytes;
        long updatedNanos;
    }

    public InMemoryReadPositions(int maxRooms, long maxBytes, long ttlMillis) {
        this.maxRooms = maxRooms;
        this.maxBytes = maxBytes;
        this.ttlNanos = ttlMillis * 1_000_000;
    }

    @Override
    public synchronized Future<Advanced> advance(String user, String key, Position to) {
        UserPositions mine = live(user);
        if (mine == null) {
            mine = new UserPositions();
            mine.bytes = USER_BYTES + 2L * user.length();
            bytes += mine.bytes;
            users.put(user, mine);
        }
        mine.updatedNanos = System.nanoTime();
        Position now = mine.byKey.get(key);
        Position next = forward(now, to);
        if (next == now) {
            return Future.succeededFuture(new Advanced(now, false));
        }
        if (now == null) {
            long cost = POSITION_BYTES + 2L * key.length();
            mine.bytes += cost;
            bytes += cost;
        }
        mine.byKey.remove(key);
        mine.byKey.put(key, next);
        while (mine.byKey.size() > maxRooms) {
            dropEldest(mine);
        }
        evictUsersOver(user);
        return Future.succeededFuture(new Advanced(next, true));
    }

    /** {@code now} unless {@code to} is forward of it (or in another epoch). */
    static Position forward(Position now, Position to) {
        if (now == null) {
            return to;
        }
        boolean sameEpoch = to.epoch() == null || to.epoch().equals(now.epoch());
        if (sameEpoch && to.offset() <= now.offset()) {
            return now;
        }
        return sameEpoch ? new Position(to.offset(), now.epoch() != null ? now.epoch() : to.epoch()) : to;
    }

    @Override
    public synchronized Future<Position> get(String user, String key) {
        UserPositions mine = live(user);
        return Future.succeededFuture(mine == null ? null : mine.byKey.get(key));
    }

    @Override
    public synchronized Future<Map<String, Position>> all(String user) {
        UserPositions mine = live(user);
        return Future.succeededFuture(mine == null ? Map.of() : new HashMap<>(mine.byKey));
    }

    /** Bytes held now (estimated). */
    public synchronized long heldBytes() {
        return bytes;
    }

    private UserPositions live(String user) {
        UserPositions mine = users.get(user);
        if (mine != null && System.nanoTime() - mine.updatedNanos > ttlNanos) {
            users.remove(user);
            bytes -= mine.bytes;
            return null;
        }
        return mine;
    }

    private void dropEldest(UserPositions mine) {
        Iterator<Map.Entry<String, Position>> eldest = mine.byKey.entrySet().iterator();
        long cost = POSITION_BYTES + 2L * eldest.next().getKey().length();
        eldest.remove();
        mine.bytes -= cost;
        bytes -= cost;
    }

    private void evictUsersOver(String keep) {
        Iterator<Map.Entry<String, UserPositions>> eldest = users.entrySet().iterator();
        while (bytes > maxBytes && eldest.hasNext()) {
            Map.Entry<String, UserPositions> entry = eldest.next();
            if (!entry.getKey().equals(keep)) {
                bytes -= entry.getValue().bytes;
                eldest.remove();
            }
        }
    }
}
