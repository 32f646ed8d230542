package dev.roomcast.cluster;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.roomcast.cluster.redis.ClusterRedis;
import dev.roomcast.cluster.redis.Keys;
import dev.roomcast.support.RedisCluster;
import dev.roomcast.support.RedisClusterFixture;

/** How one instance follows a cluster's topology when a master does not die cleanly. */
class ClusterTopologyTest {

    /**
     * A frozen master (SIGSTOP) keeps its connections open and answers nothing: asking it for the slot map must not
     * stall the instance's refresh for good, so its replica's promotion is still followed.
     */
    @Test
    void aFrozenMasterIsReplacedInTheMapAfterItsReplicaTakesOver() {
        RedisClusterFixture redis = new RedisClusterFixture();
        redis.beforeAll(null);
        RedisCluster cluster = redis.cluster();
        ClusterRedis shards = redis.started(redis.shards(UUID.randomUUID().toString(), new Keys("test"), 200, 1_000));
        String node = shards.masters().get(0); // the first one the instance asks for the map
        RedisCluster.Node frozen = cluster.masters().stream().filter(m -> node.endsWith(":" + m.port())).findFirst()
                .orElseThrow();
        try {
            cluster.freeze(frozen);
            await("the frozen master's replica in the map").atMost(Duration.ofSeconds(30))
                    .until(() -> !shards.links().containsKey(node) && shards.links().size() == 3);
        } finally {
            cluster.thaw(frozen);
            shards.stop();
            redis.afterAll(null);
        }
    }
}
