package dev.roomcast.cluster.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.roomcast.cluster.Epochs;
import dev.roomcast.cluster.History;
import dev.roomcast.cluster.HistoryLimits;
import dev.roomcast.protocol.EncodedMessage;
import dev.roomcast.protocol.HistoryPosition;
import dev.roomcast.protocol.MessageType;
import dev.roomcast.telemetry.RoomcastMetrics;
import io.vertx.core.Future;
import io.vertx.redis.client.Response;

/**
 * Room history in Redis (see {@link HistoryScripts}): one stream per room, trimmed to the history size and
 * the room byte bound, its offset, epoch and byte count in a hash beside it, the client ids of its last
 * history-size offsets in a sorted set. Appends happen in {@link RedisFanout#append}.
 */
public final class RedisHistory implements History {

    private final RedisShards redis;
    private final Keys keys;
    private final String writer;
    private final int size;
    private final int idWindow;
    private final long ttlMillis;
    private final long maxRoomBytes;
    private final boolean readExtends;
    private final long unseenTtlMillis;
    private final RoomcastMetrics metrics;
    /** What its entries are: room messages, privates or broadcasts. */
    private final MessageType entries;

    /** @param writer how a script knows the master it runs on: "id" (cluster), "replid" (Sentinel), "" (see HistoryScripts) */
    public RedisHistory(RedisShards redis, Keys keys, String writer, HistoryLimits limits, MessageType entries,
            RoomcastMetrics metrics) {
        this.entries = entries;
        this.redis = redis;
        this.keys = keys;
        this.writer = writer;
        this.size = limits.size();
        this.idWindow = limits.idWindow();
        this.ttlMillis = limits.ttlMillis();
        this.maxRoomBytes = limits.maxRoomBytes();
        this.readExtends = limits.readExtends();
        this.unseenTtlMillis = limits.unseenTtlMillis();
        this.metrics = metrics;
        HistoryScripts.APPEND.preloadOn(redis);
        HistoryScripts.READ.preloadOn(redis);
    }

    @Override
    public Future<Replay> read(String room, long after) {
        String from = after < 0 || after == Long.MAX_VALUE ? "" : Long.toString(after + 1); // Lua numbers lose digits
        return HistoryScripts.READ.run(redis, roomKeys(room), Epochs.next(), Long.toString(ttlMillis), from, writer,
                        readExtends ? "1" : "")
                .map(this::replay);
    }

    /** The append script's arguments for one message; see {@link HistoryScripts#APPEND}. */
    Future<Response> append(String room, String channel, byte[] header, EncodedMessage unstamped, String user, String id) {
        return HistoryScripts.APPEND.run(redis, roomKeys(room), Epochs.next(), Integer.toString(size),
                Long.toString(ttlMillis), channel, new String(header, StandardCharsets.UTF_8),
                new String(unstamped.utf8(), StandardCharsets.UTF_8), id == null ? "" : user + "\n" + id,
                Long.toString(maxRoomBytes), Integer.toString(idWindow), redis.sharded() ? "SPUBLISH" : "PUBLISH", writer,
                unseenTtlMillis > 0 ? Long.toString(unseenTtlMillis) : "")
                .onSuccess(r -> metrics.historyMessagesEvicted("room_bytes", r.get(3).toLong()));
    }

    private Replay replay(Response r) {
        HistoryPosition position = new HistoryPosition(r.get(1).toLong(), r.get(0).toString());
        List<Entry> held = new ArrayList<>((r.size() - 3) / 2);
        for (int i = 3; i + 1 < r.size(); i += 2) {
            held.add(new Entry(r.get(i).toLong(), new EncodedMessage(r.get(i + 1).toBytes(), entries)));
        }
        return new Replay(position, r.get(2).toLong(), held);
    }

    /** meta, log, ids, users: every key the scripts touch, all in the room's slot. */
    private String[] roomKeys(String room) {
        return new String[] { keys.history(room), keys.log(room), keys.ids(room), keys.users(room) };
    }
}
