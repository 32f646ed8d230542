package dev.roomcast.presence;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import dev.roomcast.fanout.Fanout;
import dev.roomcast.fanout.redis.RedisLink;
import dev.roomcast.protocol.ServerMessage;
import dev.roomcast.protocol.ServerMessageEncoder;
import dev.roomcast.room.RoomHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * Room membership across instances, kept in Redis by Lua scripts (each one atomic):
 *
 * <pre>
 * {prefix}:instances        ZSET  instance → deadline (ms, Redis clock); refreshed by each live instance
 * {prefix}:held:&lt;instance&gt;   SET   "room\nuser" entries the instance holds
 * {prefix}:holders:&lt;room&gt;    HASH  "user\ninstance" → 1
 * {prefix}:users:&lt;room&gt;      HASH  user → number of instances holding it (the members)
 * </pre>
 *
 * Every instance refreshes its deadline and reaps instances past theirs: a killed instance's
 * members are removed within ttl + refresh, and {@code user_left} is sent for each user that
 * thereby left a room everywhere. After Redis comes back (or an instance finds it was reaped) the
 * instance re-tells its whole local state; users that changed meanwhile are announced.
 */
public final class RedisPresence implements Presence {

    private static final Logger LOG = Logger.getLogger(RedisPresence.class);

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
              if redis.call('HINCRBY', p .. ':users:' .. room, user, 1) == 1 then return 1 end
              return 0
            end
            local function drop(inst, room, user)
              if redis.call('HDEL', p .. ':holders:' .. room, user .. '\\n' .. inst) == 0 then return 0 end
              redis.call('SREM', p .. ':held:' .. inst, room .. '\\n' .. user)
              if redis.call('HINCRBY', p .. ':users:' .. room, user, -1) <= 0 then
                redis.call('HDEL', p .. ':users:' .. room, user)
                return 1
              end
              return 0
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

    /** ARGV: prefix, instance, ttl, room, user → {new member?, members} */
    private static final String ADD = PRELUDE + """
            redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
            local new = hold(ARGV[2], ARGV[4], ARGV[5])
            return {new, redis.call('HKEYS', p .. ':users:' .. ARGV[4])}
            """;

    /** ARGV: prefix, instance, room, user → 1 when the user left the room everywhere */
    private static final String REMOVE = PRELUDE + """
            return drop(ARGV[2], ARGV[3], ARGV[4])
            """;

    /** ARGV: prefix, instance, ttl → 1 when the instance was missing (reaped, or Redis lost its data) */
    private static final String REFRESH = PRELUDE + """
            return redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
            """;

    /** ARGV: prefix → {room, user, room, user, ...} of users that left a room everywhere */
    private static final String REAP = PRELUDE + """
            local left = {}
            for _, inst in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)) do
              for _, entry in ipairs(redis.call('SMEMBERS', p .. ':held:' .. inst)) do
                release(inst, entry, left)
              end
              redis.call('DEL', p .. ':held:' .. inst)
              redis.call('ZREM', KEYS[1], inst)
            end
            return left
            """;

    /** ARGV: prefix, instance, ttl, "room\nuser"... → {{left pairs}, {joined pairs}} */
    private static final String SYNC = PRELUDE + """
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
            """;

    /** ARGV: prefix, instance → {room, user, ...} that left everywhere; the instance is gone from the registry */
    private static final String LEAVE = PRELUDE + """
            local left = {}
            for _, entry in ipairs(redis.call('SMEMBERS', p .. ':held:' .. ARGV[2])) do
              release(ARGV[2], entry, left)
            end
            redis.call('DEL', p .. ':held:' .. ARGV[2])
            redis.call('ZREM', KEYS[1], ARGV[2])
            return left
            """;

    private final RedisLink link;
    private final Vertx vertx;
    private final RoomHub hub;
    private final Fanout fanout;
    private final String instanceId;
    private final String keyPrefix;
    private final String instancesKey;
    private final long ttlMillis;
    private final long refreshMillis;
    private long timerId = -1;

    public RedisPresence(RedisLink link, Vertx vertx, RoomHub hub, Fanout fanout, String instanceId, String prefix,
            long ttlMillis, long refreshMillis) {
        this.link = link;
        this.vertx = vertx;
        this.hub = hub;
        this.fanout = fanout;
        this.instanceId = instanceId;
        this.keyPrefix = "{" + prefix + "}"; // one hash slot for every key, so the scripts also run on Redis Cluster
        this.instancesKey = keyPrefix + ":instances";
        this.ttlMillis = ttlMillis;
        this.refreshMillis = refreshMillis;
    }

    public void start() {
        link.onReconnect(this::resync);
        timerId = vertx.setPeriodic(refreshMillis, id -> refreshAndReap());
    }

    public void stop() {
        vertx.cancelTimer(timerId);
    }

    @Override
    public Future<Membership> add(String room, String user) {
        return eval(ADD, instanceId, Long.toString(ttlMillis), room, user)
                .map(r -> new Membership(r.get(0).toInteger() == 1, strings(r.get(1))));
    }

    @Override
    public Future<Boolean> remove(String room, String user) {
        return eval(REMOVE, instanceId, room, user).map(r -> r.toInteger() == 1);
    }

    @Override
    public Future<Void> leaveAll() {
        vertx.cancelTimer(timerId); // no refresh may re-register this instance afterwards
        return eval(LEAVE, instanceId).compose(left -> Future.join(announce(left, true)).mapEmpty());
    }

    @Override
    public Future<List<String>> members(String room) {
        return link.command(Request.cmd(Command.HKEYS).arg(keyPrefix + ":users:" + room)).map(RedisPresence::strings);
    }

    private void refreshAndReap() {
        if (!link.isUp()) {
            return;
        }
        eval(REFRESH, instanceId, Long.toString(ttlMillis)).onSuccess(added -> {
            if (added.toInteger() == 1) {
                LOG.info("This instance's presence was missing in Redis (reaped or lost); re-telling it");
                resync();
            }
        });
        eval(REAP).onSuccess(left -> announce(left, true))
                .onFailure(e -> LOG.debugf("presence reaping failed: %s", e.toString()));
    }

    /** Replaces this instance's entries in Redis with the local truth and announces what changed. */
    private void resync() {
        List<String> args = new ArrayList<>();
        args.add(instanceId);
        args.add(Long.toString(ttlMillis));
        for (Map.Entry<String, List<String>> room : hub.snapshot().entrySet()) {
            for (String user : room.getValue()) {
                args.add(room.getKey() + "\n" + user);
            }
        }
        eval(SYNC, args.toArray(String[]::new)).onSuccess(changes -> {
            announce(changes.get(0), true);
            announce(changes.get(1), false);
        }).onFailure(e -> LOG.debugf("presence re-sync failed, the next reconnect retries: %s", e.toString()));
    }

    /** Sends user_left (or user_joined) for each (room, user) pair; one future per publish. */
    private List<Future<Void>> announce(Response pairs, boolean left) {
        List<Future<Void>> published = new ArrayList<>();
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
            String room = pairs.get(i).toString();
            String user = pairs.get(i + 1).toString();
            ServerMessage notice = left ? new ServerMessage.UserLeft(room, user) : new ServerMessage.UserJoined(room, user);
            published.add(fanout.toRoom(room, ServerMessageEncoder.encode(notice), null));
        }
        return published;
    }

    private Future<Response> eval(String script, String... args) {
        Request request = Request.cmd(Command.EVAL).arg(script).arg(1).arg(instancesKey).arg(keyPrefix);
        for (String arg : args) {
            request.arg(arg);
        }
        return link.command(request);
    }

    private static List<String> strings(Response array) {
        List<String> out = new ArrayList<>(array == null ? 0 : array.size());
        if (array != null) {
            for (Response item : array) {
                out.add(item.toString());
            }
        }
        return out;
    }
}
