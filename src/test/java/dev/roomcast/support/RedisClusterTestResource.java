package dev.roomcast.support;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts a real Redis Cluster (three masters, a replica each) for the app under test and switches the app to
 * Redis fan-out in cluster mode, with the masters as seed nodes and the same fast settings as
 * {@link RedisTestResource}. The cluster is reachable from tests through {@link #cluster()} (same JVM), e.g. to
 * kill a master or move slots.
 */
public class RedisClusterTestResource implements QuarkusTestResourceLifecycleManager {

    private static volatile RedisCluster cluster;

    public static RedisCluster cluster() {
        return cluster;
    }

    /** The configuration an instance needs to join the test cluster. */
    public static Map<String, String> clusterConfig() {
        return clusterConfig(cluster);
    }

    /** The settings of {@link RedisTestResource#clusterConfig(String)}, for a Redis Cluster. */
    public static Map<String, String> clusterConfig(RedisCluster redis) {
        Map<String, String> config = new HashMap<>(RedisTestResource.clusterConfig(redis.hosts()));
        config.put("quarkus.redis.client-type", "cluster");
        return Map.copyOf(config);
    }

    @Override
    public Map<String, String> start() {
        cluster = RedisCluster.start();
        return clusterConfig();
    }

    @Override
    public void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
