package dev.roomcast.support;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts a real Redis for the app under test and switches the app to Redis fan-out, with a short
 * presence expiry and reconnect interval so failure tests finish quickly. The server is reachable
 * from tests through {@link #server()} (same JVM), e.g. to stop and restart it.
 */
public class RedisTestResource implements QuarkusTestResourceLifecycleManager {

    private static volatile RedisServer server;

    public static RedisServer server() {
        return server;
    }

    /** The configuration an instance needs to join the test cluster. */
    public static Map<String, String> clusterConfig() {
        return clusterConfig(server);
    }

    /** The cluster settings of the tests (fast presence expiry, reconnects and canary) on {@code redis}. */
    public static Map<String, String> clusterConfig(RedisServer redis) {
        return clusterConfig(redis.uri());
    }

    /** The same settings for Redis at {@code hosts} (quarkus.redis.hosts: one URI, or a cluster's seed nodes). */
    public static Map<String, String> clusterConfig(String hosts) {
        return Map.of(
                "roomcast.fanout.type", "redis",
                "quarkus.redis.hosts", hosts,
                "roomcast.fanout.presence-ttl", "3s",
                "roomcast.fanout.presence-refresh", "1s",
                "roomcast.fanout.reconnect-interval", "500ms",
                "roomcast.fanout.canary-interval", "300ms");
    }

    @Override
    public Map<String, String> start() {
        server = RedisServer.startOnFreePort();
        return clusterConfig();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
