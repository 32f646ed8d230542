package dev.roomcast.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.roomcast.cluster.redis.ClusterRedis;
import dev.roomcast.cluster.redis.Keys;
import dev.roomcast.cluster.redis.RedisFanout;
import dev.roomcast.support.RedisCluster;
import dev.roomcast.support.RedisClusterFixture;
import dev.roomcast.support.TestMetrics;

/** The fan-out contract on a real Redis Cluster: room and user channels are shard channels on their slot's master. */
class ClusterFanoutTest extends FanoutContractTest<RedisFanout> {

    @RegisterExtension
    static final RedisClusterFixture REDIS = new RedisClusterFixture();

    private final List<ClusterRedis> instances = new ArrayList<>();
    private final Keys keys = new Keys("test-" + UUID.randomUUID());

    @AfterEach
    void stopInstances() {
        instances.forEach(ClusterRedis::stop);
    }

    @Override
    protected RedisFanout newFanout(LocalRecipients local) {
        String id = UUID.randomUUID().toString();
        ClusterRedis shards = REDIS.shards(id, keys, 200, 1_000);
        RedisFanout fanout = new RedisFanout(local, id, keys, shards, METRICS, TestMetrics.noTracing(), REDIS.vertx());
        fanout.start();
        instances.add(REDIS.started(shards));
        return fanout;
    }

    /** Each room's channel is a shard channel on the master of its slot, and only there. */
    @Test
    void roomChannelsAreShardChannelsOnTheirSlotsMaster() {
        Node node = new Node();
        Client client = node.connectSession("spreader");
        Set<String> rooms = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            String room = "spread-" + i;
            rooms.add(room);
            node.join(room, client);
        }
        RedisCluster cluster = REDIS.cluster();
        for (String room : rooms) {
            String channel = keys.room(room);
            RedisCluster.Node owner = cluster.masterOf(cluster.slot(channel));
            for (RedisCluster.Node master : cluster.masters()) {
                assertEquals(master.equals(owner), cluster.shardChannels(master).contains(channel),
                        channel + " on " + master + " (owner " + owner + ")");
            }
        }
        assertTrue(cluster.masters().stream().allMatch(m -> !cluster.shardChannels(m).isEmpty()), "every master has some");
    }
}
