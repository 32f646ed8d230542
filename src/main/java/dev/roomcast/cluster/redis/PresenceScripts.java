package dev.roomcast.cluster.redis;

/**
 * The Lua scripts behind {@link RedisPresence}, each one atomic in Redis and each within one hash slot
 * (see {@link Keys}), every key it touches declared in KEYS. A room's scripts touch only the room's keys:
 *
 * <pre>
 * &lt;p&gt;:holders:{r:&lt;room&gt;}  HASH  "user\n&lt;incarnation&gt;" → 1: which instance holds which member
 * &lt;p&gt;:users:{r:&lt;room&gt;}    HASH  user → number of holders (the members)
 * &lt;p&gt;:members:{r:&lt;room&gt;}  ZSET  the same members, all scored 0: in user id order, for paging (ZRANGEBYLEX)
 * &lt;p&gt;:hist:{r:&lt;room&gt;}     HASH  the room's history epoch (see HistoryScripts): kept while it has members
 * </pre>
 *
 * What spans rooms lives apart and is changed by plain commands beside the scripts: {@code <p>:instances:{reg}}
 * (ZSET incarnation → deadline) and {@code <p>:reaping:{reg}} (ZSET incarnation being reaped → its reaper's lease),
 * by the scripts below, and each incarnation's {@code <p>:held:{i:<incarnation>}} (SET "room\nuser"), which says
 * whom to drop when the incarnation is reaped.
 */
final class PresenceScripts {

    private PresenceScripts() {
    }

    private static final String ROSTER_FUNCTION = """
            -- {count, 1 and the members while at most limit, else 0}: never more than limit names
            local function roster(users, limit)
              local n = redis.call('HLEN', users)
              if n <= limit then return {n, 1, redis.call('HKEYS', users)} end
              return {n, 0, {}}
            end
            """;

    /**
     * KEYS: holders, users, members, hist; ARGV: "user\nincarnation", user, list limit → {new member?, count,
     * listed?, members}. Idempotent: holding again changes nothing.
     */
    static final LuaScript HOLD = new LuaScript(ROSTER_FUNCTION + """
            local new = 0
            if redis.call('HSETNX', KEYS[1], ARGV[1], '1') == 1 and redis.call('HINCRBY', KEYS[2], ARGV[2], 1) == 1 then
              redis.call('ZADD', KEYS[3], 0, ARGV[2])
              redis.call('PERSIST', KEYS[4]) -- an occupied room keeps its epoch (HistoryScripts)
              new = 1
            end
            local r = roster(KEYS[2], tonumber(ARGV[3]))
            return {new, r[1], r[2], r[3]}
            """);

    /**
     * KEYS: holders, users, members, hist; ARGV: "user\nincarnation", user → the members left when the user left the
     * room everywhere (0: the room is empty), else -1
     */
    static final LuaScript DROP = new LuaScript("""
            if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return -1 end
            if redis.call('HINCRBY', KEYS[2], ARGV[2], -1) > 0 then return -1 end
            redis.call('HDEL', KEYS[2], ARGV[2])
            redis.call('ZREM', KEYS[3], ARGV[2])
            local left = redis.call('HLEN', KEYS[2])
            if left == 0 then -- empty everywhere: its epoch may now expire
              local ttl = redis.call('HGET', KEYS[4], 't')
              if ttl then redis.call('PEXPIRE', KEYS[4], ttl) end
            end
            return left
            """);

    /** KEYS: users; ARGV: list limit → {count, listed?, members} */
    static final LuaScript ROSTER = new LuaScript(ROSTER_FUNCTION + """
            return roster(KEYS[1], tonumber(ARGV[1]))
            """);

    private static final String NOW = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            """;

    /**
     * KEYS: instances, reaping; ARGV: incarnation, ttl ms → 1 when it was not registered (new, or Redis lost it) or
     * is being reaped (then it stays unregistered: the caller takes a new incarnation).
     */
    static final LuaScript REFRESH = new LuaScript(NOW + """
            if redis.call('ZSCORE', KEYS[2], ARGV[1]) then return 1 end
            return redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
            """);

    /**
     * KEYS: instances, reaping; ARGV: lease ms → incarnations to reap now: those past their deadline (moved from
     * instances to reaping) and those whose reaper's lease ran out (it died, or some drops failed). The caller
     * holds the lease; it removes the incarnation from reaping once everything it held is dropped.
     */
    static final LuaScript CLAIM_DEAD = new LuaScript(NOW + """
            local claimed = {}
            for _, inst in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, 16)) do
              redis.call('ZREM', KEYS[1], inst)
              table.insert(claimed, inst)
            end
            for _, inst in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 16)) do
              table.insert(claimed, inst)
            end
            for _, inst in ipairs(claimed) do redis.call('ZADD', KEYS[2], now + tonumber(ARGV[1]), inst) end
            return claimed
            """);

    static final java.util.List<LuaScript> ALL = java.util.List.of(HOLD, DROP, ROSTER, REFRESH, CLAIM_DEAD);
}
