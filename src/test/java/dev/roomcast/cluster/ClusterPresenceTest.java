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
        RedisPresence presence = new RedisPresence(shards, REDIS.vertx(), local, () -> Notices.SILENT, transitions, id, keys, 600, 200, LIST_LIMIT);
        presence.start();
        instances.add(REDIS.started(shards));
        presences.add(presence);
        return presence;
    }
}
