package dev.roomcast.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.roomcast.cluster.redis.ClusterRedis;
import dev.roomcast.cluster.redis.Keys;
import dev.roomcast.cluster.redis.RedisPresence;
import dev.roomcast.support.RedisClusterFixture;
import io.vertx.core.Future;

/** The presence contract on a real Redis Cluster: each room's members in the room's slot, listed across masters. */
class ClusterPresenceTest extends PresenceContractTest {

    @RegisterExtension
    static final RedisClusterFixture REDIS = new RedisClusterFixture();

    private final List<ClusterRedis> instances = new ArrayList<>();
    private final List<RedisPresence> presences = new ArrayList<>();
    private final Keys keys = new Keys("test-" + UUID.randomUUID());

    @AfterEach
    void stopInstances() {
        presences.forEach(RedisPresence::stop);
        instances.forEach(ClusterRedis::stop);
    }

    @Override
    protected Presence newPresence(LocalMembers local) {
        String id = UUID.randomUUID().toString();
        ClusterRedis shards = REDIS.shards(id, keys, 200, 2_000);
        RedisPresence presence = new RedisPresence(shards, REDIS.vertx(), local, () -> SILENT, transitions, id, keys, 600, 200, LIST_LIMIT);
        presence.start();
        instances.add(REDIS.started(shards));
        presences.add(presence);
        return presence;
    }

    private static final Notices SILENT = new Notices() {
        @Override
        public Future<Void> joined(String room, String user, long offset) {
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> left(String room, String user, long offset) {
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> flush() {
            return Future.succeededFuture();
        }
    };
}
