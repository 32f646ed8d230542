package dev.roomcast.cluster.redis;

/**
 * The Lua scripts behind room history in Redis. Keys (in the presence keys' hash slot, {@code {prefix}}):
 *
 * <pre>
 * {prefix}:hist:&lt;room&gt;   HASH    e → epoch, o → latest offset; gone (expired, flushed) means history lost
 * {prefix}:log:&lt;room&gt;    STREAM  one entry per message, id &lt;offset&gt;-1, field d → the stamped message
 * {prefix}:mid:&lt;room&gt;\n&lt;user&gt;\n&lt;id&gt;  STRING  offset of the message a client sent with that id
 * </pre>
 *
 * The log and the id keys expire after the history ttl without a message. The hash (epoch and offset
 * counter) does not expire while the room has members anywhere ({@code {prefix}:users:<room>}, kept by
 * the presence scripts, which also persist and expire it): members that stay through a quiet spell keep
 * their epoch, and offsets go on from where they were.
 */
final class HistoryScripts {

    private HistoryScripts() {
    }

    /** Creates the room's epoch when missing (then an old log, if any, is history lost with it). */
    private static final String EPOCH = """
            local function epoch(meta, log, candidate)
              local e = redis.call('HGET', meta, 'e')
              if e then return e end
              redis.call('DEL', log)
              redis.call('HSET', meta, 'e', candidate, 'o', 0)
              return candidate
            end
            -- the hash lives while the room has members (see PresenceScripts), else for ttl ms
            local function keep(meta, users, ttl)
              redis.call('HSET', meta, 't', ttl)
              if redis.call('HLEN', users) > 0 then redis.call('PERSIST', meta) else redis.call('PEXPIRE', meta, ttl) end
            end
            """;

    /**
     * KEYS: meta, log, id key (or the meta key again when the message has no id), the room's presence users;
     * ARGV: epoch candidate, size, ttl ms, channel, envelope header, unstamped payload, has id (1/0)
     * → {offset, epoch, 1 when a repeat of an earlier id (nothing appended or published)}.
     * Offset, append and publish in one step, so offset order is publish order on every instance.
     */
    static final LuaScript APPEND = new LuaScript(EPOCH + """
            if ARGV[7] == '1' then
              local earlier = redis.call('GET', KEYS[3])
              if earlier then return {tonumber(earlier), redis.call('HGET', KEYS[1], 'e') or '', 1} end
            end
            local e = epoch(KEYS[1], KEYS[2], ARGV[1])
            local off = redis.call('HINCRBY', KEYS[1], 'o', 1)
            local body = string.sub(ARGV[6], 1, -2) .. ',"offset":' .. off .. '}'
            redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[2], off .. '-1', 'd', body)
            keep(KEYS[1], KEYS[4], ARGV[3])
            redis.call('PEXPIRE', KEYS[2], ARGV[3])
            if ARGV[7] == '1' then redis.call('SET', KEYS[3], off, 'PX', ARGV[3]) end
            local header = string.sub(ARGV[5], 1, -2) .. ',"off":' .. off .. ',"ep":"' .. e .. '"}'
            redis.call('PUBLISH', ARGV[4], header .. '\\n' .. body)
            return {off, e, 0}
            """);

    /**
     * KEYS: meta, log, the room's presence users; ARGV: epoch candidate, ttl ms, first offset wanted (as text; "" for none)
     * → {epoch, latest offset, oldest offset held, offset1, message1, offset2, message2, ...}
     */
    static final LuaScript READ = new LuaScript(EPOCH + """
            local e = epoch(KEYS[1], KEYS[2], ARGV[1])
            if redis.call('HEXISTS', KEYS[1], 't') == 0 then keep(KEYS[1], KEYS[3], ARGV[2]) end -- new: reading extends nothing
            local latest = tonumber(redis.call('HGET', KEYS[1], 'o') or '0')
            local out = {e, latest, latest + 1}
            local first = redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 1)
            if #first > 0 then out[3] = tonumber(string.match(first[1][1], '^(%d+)')) end
            if ARGV[3] ~= '' then
              for _, entry in ipairs(redis.call('XRANGE', KEYS[2], ARGV[3], '+')) do
                table.insert(out, tonumber(string.match(entry[1], '^(%d+)')))
                table.insert(out, entry[2][2])
              end
            end
            return out
            """);
}
