package dev.roomcast.cluster.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import dev.roomcast.cluster.Fanout;
import dev.roomcast.cluster.LocalMembers;
import dev.roomcast.cluster.Presence;
import dev.roomcast.protocol.ServerMessage;
import dev.roomcast.protocol.ServerMessageEncoder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * Room membership across instances, kept in Redis by the Lua scripts of {@link PresenceScripts}
 * (each one atomic, run by SHA). Every instance refreshes its deadline and reaps instances past
 * theirs: a killed instance's members are removed within ttl + refresh, and {@code user_left} is sent
 * for each user that thereby left a room everywhere. After Redis comes back (or an instance finds it
 * was reaped) the instance re-tells its whole local state; users that changed meanwhile are announced.
 */
public final class RedisPresence implements Presence {

    private static final Logger LOG = Logger.getLogger(RedisPresence.class);

    private final RedisLink link;
    private final Vertx vertx;
    private final LocalMembers local;
    private final Fanout fanout;
    private final String instanceId;
    private final String keyPrefix;
    private final String instancesKey;
    private final long ttlMillis;
    private final long refreshMillis;
    private long timerId = -1;

    public RedisPresence(RedisLink link, Vertx vertx, LocalMembers local, Fanout fanout, String instanceId, String prefix,
            long ttlMillis, long refreshMillis) {
        this.link = link;
        this.vertx = vertx;
        this.local = local;
        this.fanout = fanout;
        this.instanceId = instanceId;
        this.keyPrefix = "{" + prefix + "}"; // one hash slot for every key, so the scripts also run on Redis Cluster
        this.instancesKey = keyPrefix + ":instances";
        this.ttlMillis = ttlMillis;
        this.refreshMillis = refreshMillis;
        for (LuaScript script : PresenceScripts.ALL) {
            script.preloadOn(link);
        }
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
        return eval(PresenceScripts.ADD, instanceId, Long.toString(ttlMillis), room, user)
                .map(r -> new Membership(r.get(0).toInteger() == 1, strings(r.get(1))));
    }

    @Override
    public Future<Boolean> remove(String room, String user) {
        return eval(PresenceScripts.REMOVE, instanceId, room, user).map(r -> r.toInteger() == 1);
    }

    @Override
    public Future<Void> leaveAll() {
        vertx.cancelTimer(timerId); // no refresh may re-register this instance afterwards
        return eval(PresenceScripts.LEAVE, instanceId).compose(left -> Future.join(announce(left, true)).mapEmpty());
    }

    @Override
    public Future<List<String>> members(String room) {
        return link.command(Request.cmd(Command.HKEYS).arg(keyPrefix + ":users:" + room)).map(RedisPresence::strings);
    }

    private void refreshAndReap() {
        if (!link.isUp()) {
            return;
        }
        eval(PresenceScripts.REFRESH, instanceId, Long.toString(ttlMillis)).onSuccess(added -> {
            if (added.toInteger() == 1) {
                LOG.info("This instance's presence was missing in Redis (reaped or lost); re-telling it");
                resync();
            }
        });
        eval(PresenceScripts.REAP).onSuccess(left -> announce(left, true))
                .onFailure(e -> LOG.debugf("presence reaping failed: %s", e.toString()));
    }

    /** Replaces this instance's entries in Redis with the local truth and announces what changed. */
    private void resync() {
        List<String> args = new ArrayList<>();
        args.add(instanceId);
        args.add(Long.toString(ttlMillis));
        for (Map.Entry<String, List<String>> room : local.snapshot().entrySet()) {
            for (String user : room.getValue()) {
                args.add(room.getKey() + "\n" + user);
            }
        }
        eval(PresenceScripts.SYNC, args.toArray(String[]::new)).onSuccess(changes -> {
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
            // user_joined goes to the other members only: never to the user's own connections
            published.add(left ? fanout.toRoom(room, ServerMessageEncoder.encode(new ServerMessage.UserLeft(room, user)), null)
                    : fanout.toRoomExceptUser(room, ServerMessageEncoder.encode(new ServerMessage.UserJoined(room, user)), user));
        }
        return published;
    }

    private Future<Response> eval(LuaScript script, String... args) {
        String[] withPrefix = new String[args.length + 1];
        withPrefix[0] = keyPrefix;
        System.arraycopy(args, 0, withPrefix, 1, args.length);
        return script.run(link, instancesKey, withPrefix);
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
