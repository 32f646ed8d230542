package dev.roomcast.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.roomcast.cluster.redis.ClusterRedis;
import dev.roomcast.cluster.redis.Keys;
import dev.roomcast.cluster.redis.RedisLink;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

/**
 * A real Redis Cluster and a Vert.x for a test class that builds cluster parts itself, the counterpart of
 * {@link RedisFixture}: {@code @RegisterExtension static final RedisClusterFixture REDIS = new RedisClusterFixture();}.
 * {@link #shards} connects one instance to it the way the application does (a link per master).
 */
public final class RedisClusterFixture implements BeforeAllCallback, AfterAllCallback {

    private RedisCluster cluster;
    private Vertx vertx;
    private final Map<String, Redis> clients = new ConcurrentHashMap<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = RedisCluster.start();
        vertx = Vertx.vertx();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        vertx.close();
        cluster.close();
    }

    public RedisCluster cluster() {
        return cluster;
    }

    public Vertx vertx() {
        return vertx;
    }

    /** One instance's view of the cluster, not started: a link per master with its canary, as ClusterNode builds it. */
    public ClusterRedis shards(String instanceId, Keys keys, long reconnectMillis, long timeoutMillis) {
        List<String> seeds = cluster.masters().stream().map(node -> "127.0.0.1:" + node.port()).toList();
        return new ClusterRedis(vertx, seeds, node -> {
            RedisLink link = new RedisLink(vertx, client(node), node, reconnectMillis, timeoutMillis, TestMetrics.create());
            link.canary(keys.canary(instanceId, node), reconnectMillis);
            return link;
        }, node -> client(node).send(Request.cmd(Command.CLUSTER).arg("SLOTS")), reconnectMillis, timeoutMillis);
    }

    /** Started, with every master's link up and its canary heard. */
    public ClusterRedis started(ClusterRedis shards) {
        shards.start();
        await().atMost(Duration.ofSeconds(15)).until(() -> shards.links().size() == cluster.masters().size()
                && shards.links().values().stream().allMatch(RedisLink::healthy) && shards.available());
        return shards;
    }

    private Redis client(String node) {
        return clients.computeIfAbsent(node, n -> Redis.createClient(vertx, "redis://" + n));
    }
}
