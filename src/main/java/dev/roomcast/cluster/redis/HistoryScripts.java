package dev.roomcast.cluster.redis;

/**
 * The Lua scripts behind room history in Redis. Keys (all in the room's hash slot, see {@link Keys}):
 *
 * <pre>
 * &lt;p&gt;:hist:{r:&lt;room&gt;}   HASH    e → epoch, o → latest offset, b → bytes of the messages in the log,
 *                          n → the master that started the epoch (cluster); gone means history lost
 * &lt;p&gt;:log:{r:&lt;room&gt;}    STREAM  one entry per message, id &lt;offset&gt;-1, field d → the stamped message;
 *                          at most history.size entries and history.max-room-bytes of messages
 * &lt;p&gt;:ids:{r:&lt;room&gt;}    ZSET    &lt;user&gt;\n&lt;id&gt; → offset of the message a client sent with that id, for
 *                          the room's last history.size offsets
 * </pre>
 *
 * The log and the ids expire after the history ttl without a message. The hash (epoch and offset
 * counter) does not expire while the room has members anywhere ({@code <p>:users:{r:<room>}}, kept by
 * the presence scripts, which also persist and expire it): members that stay through a quiet spell keep
 * their epoch, and offsets go on from where they were.
 * <p>
 * On a cluster (and with Sentinel) the hash names the master that started the epoch (its node id, or with
 * Sentinel its replication id). Another master starts a new epoch: after a failover the promoted replica may lack the last writes (replication is
 * asynchronous), and going on from its older offset would hand out offsets clients already saw with other
 * messages. A new epoch makes resumes report {@code recovered: false} instead. (A slot moved by resharding
 * starts one too: its data is intact, but this cannot tell.)
 */
final class HistoryScripts {

    private HistoryScripts() {
    }

    /** Creates the room's epoch when missing (then an old log, if any, is history lost with it). */
    private static final String EPOCH = """
            -- who writes: this cluster node's id, or this master's replication id (Sentinel), or '' (standalone)
            local function writer(mode)
              if mode == 'id' then return redis.call('CLUSTER', 'MYID') end
              if mode == 'replid' then return string.match(redis.call('INFO', 'replication'), 'master_replid:(%w+)') end
              return ''
            end
            local function epoch(meta, log, ids, candidate, mode)
              local node = writer(mode)
              local e = redis.call('HGET', meta, 'e')
              if e and (node == '' or redis.call('HGET', meta, 'n') == node) then return e end
              redis.call('DEL', log, ids)
              redis.call('HSET', meta, 'e', candidate, 'o', 0, 'b', 0, 'n', node)
              return candidate
            end
            -- the hash lives while the room has members (see PresenceScripts), else for ttl ms
            local function keep(meta, users, ttl)
              redis.call('HSET', meta, 't', ttl)
              if redis.call('HLEN', users) > 0 then redis.call('PERSIST', meta) else redis.call('PEXPIRE', meta, ttl) end
            end
            """;

    /**
     * KEYS: meta, log, ids, the room's presence users; ARGV: epoch candidate, size, ttl ms, channel, envelope header,
     * unstamped payload, "user\nid" ("" without an id), max room bytes, how many offsets ids are kept for,
     * PUBLISH or SPUBLISH, how the writer is known ("id" on a cluster, "replid" with Sentinel, "" standalone), the ttl
     * ms for a history no reader has read yet ("" for none: rooms; an inbox nobody connected to is kept this long only)
     * → {offset, epoch, 1 when a repeat of an earlier id (nothing appended or published), messages trimmed for bytes}.
     * Offset, append, trim and publish in one step, so offset order is publish order on every instance.
     */
    static final LuaScript APPEND = new LuaScript(EPOCH + """
            local e = epoch(KEYS[1], KEYS[2], KEYS[3], ARGV[1], ARGV[11])
            if ARGV[7] ~= '' then
              local earlier = redis.call('ZSCORE', KEYS[3], ARGV[7])
              if earlier then return {tonumber(earlier), e, 1, 0} end
            end
            local size, ttl, max = tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[8])
            if ARGV[12] ~= '' and redis.call('HEXISTS', KEYS[1], 's') == 0 then ttl = ARGV[12] end -- unseen: short
            local off = redis.call('HINCRBY', KEYS[1], 'o', 1)
            local body = string.sub(ARGV[6], 1, -2) .. ',"offset":' .. off .. '}'
            local held = 0 -- the byte count is stale once the log expired without the hash
            if redis.call('EXISTS', KEYS[2]) == 1 then held = tonumber(redis.call('HGET', KEYS[1], 'b') or '0') end
            redis.call('XADD', KEYS[2], off .. '-1', 'd', body)
            held = held + #body
            -- the oldest go first while there are more than size, or more than max bytes of them
            local n = redis.call('XLEN', KEYS[2])
            local kept, forBytes, from = n, 0, '-'
            while kept > 0 and (kept > size or held > max) do
              -- as many as are over the size (usually one: the message just added), a few at a time for bytes
              local want = 8
              if kept > size then want = math.min(32, kept - size) end
              local batch = redis.call('XRANGE', KEYS[2], from, '+', 'COUNT', want)
              if #batch == 0 then break end
              for _, entry in ipairs(batch) do
                if kept <= size and held <= max then break end
                if kept <= size then forBytes = forBytes + 1 end
                held = held - #entry[2][2]
                kept = kept - 1
                from = (tonumber(string.match(entry[1], '^(%d+)')) + 1) .. '-0'
              end
            end
            if kept < n then redis.call('XTRIM', KEYS[2], 'MAXLEN', kept) end
            if kept == 0 then held = 0 end
            redis.call('HSET', KEYS[1], 'b', held)
            keep(KEYS[1], KEYS[4], ttl)
            redis.call('PEXPIRE', KEYS[2], ttl)
            if ARGV[7] ~= '' then redis.call('ZADD', KEYS[3], off, ARGV[7]) end
            redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', off - tonumber(ARGV[9]))
            redis.call('PEXPIRE', KEYS[3], ttl)
            local header = string.sub(ARGV[5], 1, -2) .. ',"off":' .. off .. ',"ep":"' .. e .. '"}'
            redis.call(ARGV[10], ARGV[4], header .. '\\n' .. body)
            return {off, e, 0, forBytes}
            """);

    /**
     * KEYS: meta, log, ids, the room's presence users; ARGV: epoch candidate, ttl ms, first offset wanted (as text; "" for
     * none), how the writer is known (as for APPEND), "1" when a read extends the ttl as a message does (an inbox or the
     * broadcasts, read at a connect), else ""
     * → {epoch, latest offset, oldest offset held, offset1, message1, offset2, message2, ...}
     */
    static final LuaScript READ = new LuaScript(EPOCH + """
            local e = epoch(KEYS[1], KEYS[2], KEYS[3], ARGV[1], ARGV[4])
            if ARGV[5] == '1' then
              redis.call('HSET', KEYS[1], 's', 1) -- seen: read at a connect
              keep(KEYS[1], KEYS[4], ARGV[2])
              redis.call('PEXPIRE', KEYS[2], ARGV[2])
              redis.call('PEXPIRE', KEYS[3], ARGV[2])
            elseif redis.call('HEXISTS', KEYS[1], 't') == 0 then keep(KEYS[1], KEYS[4], ARGV[2]) end -- new: reading extends nothing
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
