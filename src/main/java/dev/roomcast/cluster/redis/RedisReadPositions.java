package dev.roomcast.cluster.redis;

import java.util.HashMap;
import java.util.Map;

import dev.roomcast.cluster.ReadPositions;
import io.vertx.core.Future;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;

/**
 * Read positions in Redis: per user a hash (key → "offset:epoch") and a sorted set of when each was last updated,
 * both in the user's slot ({@code {u:<user>}}); one script moves a position forward, drops the least recently
 * updated past the bound and extends both keys' ttl, so a user's positions expire with the user's inactivity.
 */
public final class RedisReadPositions implements ReadPositions {

    /**
     * KEYS: positions hash, update times zset; ARGV: key, offset, epoch ("" when not given), now ms, max keys, ttl ms
     * → {offset, epoch, 1 when it moved}.
     */
    static final LuaScript ADVANCE = new LuaScript("""
            local off, ep, moved = tonumber(ARGV[2]), ARGV[3], 1
            local cur = redis.call('HGET', KEYS[1], ARGV[1])
            local co, ce
            if cur then co, ce = string.match(cur, '^(%d+):(.*)$') end
            if co then -- a stored value that does not parse counts as none
              co = tonumber(co)
              if ep == '' then ep = ce end
              if ep == ce and off <= co then off, moved = co, 0 end
            end
            if moved == 1 then
              redis.call('HSET', KEYS[1], ARGV[1], string.format('%d', off) .. ':' .. ep)
              redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
              local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[5])
              if over > 0 then
                for _, old in ipairs(redis.call('ZRANGE', KEYS[2], 0, over - 1)) do
                  redis.call('HDEL', KEYS[1], old)
                  redis.call('ZREM', KEYS[2], old)
                end
              end
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[6])
            redis.call('PEXPIRE', KEYS[2], ARGV[6])
            return {string.format('%d', off), ep, moved}
            """);

    private final RedisShards redis;
    private final Keys keys;
    private final int maxRooms;
    private final long ttlMillis;

    public RedisReadPositions(RedisShards redis, Keys keys, int maxRooms, long ttlMillis) {
        this.redis = redis;
        this.keys = keys;
        this.maxRooms = maxRooms;
        this.ttlMillis = ttlMillis;
        ADVANCE.preloadOn(redis);
    }

    @Override
    public Future<Advanced> advance(String user, String key, Position to) {
        return ADVANCE.run(redis, new String[] { keys.readPositions(user), keys.readTimes(user) }, key,
                Long.toString(to.offset()), to.epoch() == null ? "" : to.epoch(),
                Long.toString(System.currentTimeMillis()), Integer.toString(maxRooms), Long.toString(ttlMillis))
                .map(r -> new Advanced(new Position(r.get(0).toLong(), epoch(r.get(1).toString())), r.get(2).toInteger() == 1));
    }

    @Override
    public Future<Position> get(String user, String key) {
        String hash = keys.readPositions(user);
        return redis.command(hash, Request.cmd(Command.HGET).arg(hash).arg(key))
                .map(r -> r == null ? null : parse(r.toString()));
    }

    @Override
    public Future<Map<String, Position>> all(String user) {
        String hash = keys.readPositions(user);
        return redis.command(hash, Request.cmd(Command.HGETALL).arg(hash)).map(RedisReadPositions::positions);
    }

    private static Map<String, Position> positions(Response r) {
        Map<String, Position> all = new HashMap<>();
        if (r == null) {
            return all;
        }
        if (r.isMap()) { // RESP3
            for (String key : r.getKeys()) {
                all.put(key, parse(r.get(key).toString()));
            }
        } else { // RESP2: key, value, key, value...
            for (int i = 0; i + 1 < r.size(); i += 2) {
                all.put(r.get(i).toString(), parse(r.get(i + 1).toString()));
            }
        }
        return all;
    }

    /** "offset:epoch" (epoch may be empty); null for anything else. */
    private static Position parse(String stored) {
        int colon = stored.indexOf(':');
        try {
            return new Position(Long.parseLong(stored.substring(0, colon)), epoch(stored.substring(colon + 1)));
        } catch (RuntimeException notOurs) {
            return null;
        }
    }

    private static String epoch(String stored) {
        return stored.isEmpty() ? null : stored;
    }
}
