package dev.roomcast.cluster;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.roomcast.support.AppProcess;
import dev.roomcast.support.Paced;
import dev.roomcast.support.Ids;
import dev.roomcast.support.RedisSentinels;
import dev.roomcast.support.RedisTestResource;
import dev.roomcast.support.ShardTraffic;

/**
 * Two instances on a Redis master watched by three Sentinels ({@code quarkus.redis.client-type=sentinel}): the
 * master is killed, the Sentinels promote its replica, and the instances follow it, reconnecting through the
 * Sentinels. Messages sent meanwhile get honest errors; nothing accepted is lost.
 */
class SentinelFailoverIT {

    private RedisSentinels redis;
    private AppProcess a;
    private AppProcess b;

    @BeforeEach
    void start() throws Exception {
        redis = RedisSentinels.start();
        Map<String, String> config = new HashMap<>(RedisTestResource.clusterConfig(redis.hosts()));
        config.put("quarkus.redis.client-type", "sentinel");
        config.put("quarkus.redis.master-name", redis.masterName());
        config.put("quarkus.redis.role", "master");
        a = AppProcess.start("sentinel-a", config);
        b = AppProcess.start("sentinel-b", config);
    }

    @AfterEach
    void stop() {
        for (AutoCloseable closing : new AutoCloseable[] { a, b, redis }) {
            try {
                if (closing != null) {
                    closing.close();
                }
            } catch (Exception e) {
                // the rest still close
            }
        }
    }

    @Test
    void theInstancesFollowTheMasterTheSentinelsPromote() throws Exception {
        String room = Ids.unique("sentinel");
        int before = redis.masterPort();
        try (ShardTraffic traffic = new ShardTraffic(a, b, List.of(room))) {
            int after;
            try (Paced sending = traffic.sendEvery(Duration.ofMillis(20))) {
                ShardFailureIT.rounds(sending, 30);
                redis.killMaster();
                after = redis.awaitFailover(); // the traffic goes on meanwhile
                ShardFailureIT.rounds(sending, sending.done() + 250); // about 5 s more on the promoted master
            }
            traffic.finish();
            String summary = traffic.summary();
            assertNotEquals(before, after, "a new master");
            traffic.assertPromisesKept();
            assertTrue(traffic.refused(room) > 0, "errors while there was no master:\n" + summary);
            assertTrue(traffic.lastAccepted(room, 20), "and it works again on the promoted replica:\n" + summary);
        }
    }
}
