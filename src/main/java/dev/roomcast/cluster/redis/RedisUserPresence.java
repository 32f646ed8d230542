package dev.roomcast.cluster.redis;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import dev.roomcast.cluster.LocalUsers;
import dev.roomcast.cluster.Notices;
import dev.roomcast.cluster.Transitions;
import dev.roomcast.cluster.UserPresence;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Who is online across instances, kept only while someone listens: each user is the one member of a room of their
 * own, held by every instance they are connected to, under keys of their own ({@code <p>:online:…}). The room
 * machinery of {@link RedisPresence} (atomic first hold and last drop, reaping dead instances, re-telling after
 * Redis lost its data) then decides online and offline once in the cluster.
 */
public final class RedisUserPresence implements UserPresence {

    private static final Logger LOG = Logger.getLogger(RedisUserPresence.class);

    private final RedisPresence users;

    public RedisUserPresence(RedisShards redis, Vertx vertx, LocalUsers local, Transitions transitions, String instanceId,
            Keys keys, long ttlMillis, long refreshMillis) {
        this.users = new RedisPresence(redis, vertx, () -> asRooms(local), () -> Notices.SILENT, transitions, instanceId,
                new Keys(keys.prefix() + ":online"), ttlMillis, refreshMillis, 1);
    }

    private static Map<String, List<String>> asRooms(LocalUsers local) {
        Map<String, List<String>> rooms = new HashMap<>();
        local.connected().forEach(user -> rooms.put(user, List.of(user)));
        return rooms;
    }

    public void start() {
        users.start();
    }

    public void stop() {
        users.stop();
    }

    /** A failure is left to the next re-sync after Redis comes back (it re-tells every local user). */
    @Override
    public void connected(String user) {
        users.add(user, user).onFailure(e -> LOG.debugf("online: %s not recorded yet: %s", user, e.toString()));
    }

    @Override
    public void disconnected(String user) {
        users.remove(user, user).onFailure(e -> LOG.debugf("online: %s not dropped yet: %s", user, e.toString()));
    }

    @Override
    public Future<Void> leaveAll() {
        return users.leaveAll();
    }
}
