package dev.roomcast.cluster.redis;

/**
 * The Lua scripts behind {@link RedisPresence}, each one atomic in Redis. Keys (all in one hash slot,
 * {@code {prefix}}, so they also run on Redis Cluster):
 *
 * <pre>
 * {prefix}:instances        ZSET  instance → deadline (ms, Redis clock); refreshed by each live instance
 * {prefix}:held:&lt;instance&gt;   SET   "room\nuser" entries the instance holds
 * {prefix}:holders:&lt;room&gt;    HASH  "user\ninstance" → 1
 * {prefix}:users:&lt;room&gt;      HASH  user → number of instances holding it (the members)
 * {prefix}:members:&lt;room&gt;    ZSET  the same members, all scored 0: in user id order, for paging (ZRANGEBYLEX)
 * </pre>
 *
 * KEYS[1] is always the instances key and ARGV[1] the key prefix.
 */
final class PresenceScripts {

    private PresenceScripts() {
    }

    private static final String PRELUDE = """
            local p = ARGV[1]
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local function split(entry)
              local i = string.find(entry, '\\n[^\\n]*$')
              return string.sub(entry, 1, i - 1), string.sub(entry, i + 1)
            end
            local function hold(inst, room, user)
              if redis.call('HSETNX', p .. ':holders:' .. room, user .. '\\n' .. inst, '1') == 0 then return 0 end
              redis.call('SADD', p .. ':held:' .. inst, room .. '\\n' .. user)
              if redis.call('HINCRBY', p .. ':users:' .. room, user, 1) == 1 then
                redis.call('ZADD', p .. ':members:' .. room, 0, user)
                redis.call('PERSIST', p .. ':hist:' .. room) -- an occupied room keeps its epoch (HistoryScripts)
                return 1
              end
              return 0
            end
            local function drop(inst, room, user)
              if redis.call('HDEL', p .. ':holders:' .. room, user .. '\\n' .. inst) == 0 then return 0 end
              redis.call('SREM', p .. ':held:' .. inst, room .. '\\n' .. user)
              if redis.call('HINCRBY', p .. ':users:' .. room, user, -1) <= 0 then
                redis.call('HDEL', p .. ':users:' .. room, user)
                redis.call('ZREM', p .. ':members:' .. room, user)
                if redis.call('HLEN', p .. ':users:' .. room) == 0 then -- empty everywhere: its epoch may now expire
                  local ttl = redis.call('HGET', p .. ':hist:' .. room, 't')
                  if ttl then redis.call('PEXPIRE', p .. ':hist:' .. room, ttl) end
                end
                return 1
              end
              return 0
            end
            -- {count, 1 and the members while at most limit, else 0}: never more than limit names
            local function roster(room, limit)
              local n = redis.call('HLEN', p .. ':users:' .. room)
              if n <= limit then return {n, 1, redis.call('HKEYS', p .. ':users:' .. room)} end
              return {n, 0, {}}
            end
            -- drops one of inst's held entries; records room and user in out if the user left the room everywhere
            local function release(inst, entry, out)
              local room, user = split(entry)
              if drop(inst, room, user) == 1 then
                table.insert(out, room)
                table.insert(out, user)
              end
            end
            """;

    /**
     * ARGV: prefix, instance, ttl, room, user, list limit → {new member?, count, listed?, members, instance was
     * missing?}. A missing instance (reaped, or Redis lost its data) is registered again here, so the next REFRESH
     * cannot tell; the caller re-syncs instead.
     */
    static final LuaScript ADD = new LuaScript(PRELUDE + """
            local missing = redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
            local new = hold(ARGV[2], ARGV[4], ARGV[5])
            local r = roster(ARGV[4], tonumber(ARGV[6]))
            return {new, r[1], r[2], r[3], missing}
            """);

    /** ARGV: prefix, room, list limit → {count, listed?, members} */
    static final LuaScript ROSTER = new LuaScript(PRELUDE + """
            return roster(ARGV[2], tonumber(ARGV[3]))
            """);

    /** ARGV: prefix, instance, room, user → 1 when the user left the room everywhere */
    static final LuaScript REMOVE = new LuaScript(PRELUDE + """
            return drop(ARGV[2], ARGV[3], ARGV[4])
            """);

    /** ARGV: prefix, instance, ttl → 1 when the instance was missing (reaped, or Redis lost its data) */
    static final LuaScript REFRESH = new LuaScript(PRELUDE + """
            return redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
            """);

    /** ARGV: prefix → {room, user, room, user, ...} of users that left a room everywhere */
    static final LuaScript REAP = new LuaScript(PRELUDE + """
            local left = {}
            for _, inst in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)) do
              for _, entry in ipairs(redis.call('SMEMBERS', p .. ':held:' .. inst)) do
                release(inst, entry, left)
              end
              redis.call('DEL', p .. ':held:' .. inst)
              redis.call('ZREM', KEYS[1], inst)
            end
            return left
            """);

    /** ARGV: prefix, instance, ttl, "room\nuser"... → {{left pairs}, {joined pairs}} */
    static final LuaScript SYNC = new LuaScript(PRELUDE + """
            redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
            local want = {}
            for i = 4, #ARGV do want[ARGV[i]] = true end
            local left, joined = {}, {}
            for _, entry in ipairs(redis.call('SMEMBERS', p .. ':held:' .. ARGV[2])) do
              if not want[entry] then
                release(ARGV[2], entry, left)
              end
            end
            for entry in pairs(want) do
              local room, user = split(entry)
              if hold(ARGV[2], room, user) == 1 then
                table.insert(joined, room)
                table.insert(joined, user)
              end
            end
            return {left, joined}
            """);

    /** ARGV: prefix, instance → {room, user, ...} that left everywhere; the instance is gone from the registry */
    static final LuaScript LEAVE = new LuaScript(PRELUDE + """
            local left = {}
            for _, entry in ipairs(redis.call('SMEMBERS', p .. ':held:' .. ARGV[2])) do
              release(ARGV[2], entry, left)
            end
            redis.call('DEL', p .. ':held:' .. ARGV[2])
            redis.call('ZREM', KEYS[1], ARGV[2])
            return left
            """);

    static final java.util.List<LuaScript> ALL = java.util.List.of(ADD, ROSTER, REMOVE, REFRESH, REAP, SYNC, LEAVE);
}
