package dev.roomcast.cluster.node;

import dev.roomcast.cluster.redis.Keys;
import dev.roomcast.cluster.redis.RedisLink;
import dev.roomcast.config.RoomcastConfig;
import dev.roomcast.telemetry.RoomcastMetrics;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;

/**
 * Opens the link to one Redis node (the Redis, or a cluster master) with its canary and its per-shard gauges
 * ({@code roomcast_redis_shard_up}, {@code roomcast_redis_shard_round_trip_seconds}), removed when the link stops
 * (a master replaced after a failover).
 */
final class ShardLinks {

    private final Vertx vertx;
    private final Keys keys;
    private final String instanceId;
    private final RoomcastConfig.Fanout settings;
    private final RoomcastMetrics metrics;

    ShardLinks(Vertx vertx, Keys keys, String instanceId, RoomcastConfig.Fanout settings, RoomcastMetrics metrics) {
        this.vertx = vertx;
        this.keys = keys;
        this.instanceId = instanceId;
        this.settings = settings;
        this.metrics = metrics;
    }

    /** @param node the node's name in keys and logs; {@code label} its shard label in metrics */
    RedisLink open(Redis client, String node, String label) {
        return open(client, node, label, () -> { });
    }

    /** @param closed runs when the link stops for good (the node left the cluster's masters) */
    RedisLink open(Redis client, String node, String label, Runnable closed) {
        RedisLink link = new RedisLink(vertx, client, node, settings.reconnectInterval().toMillis(),
                settings.commandTimeout().toMillis(), metrics);
        link.canary(keys.canary(instanceId, node), settings.canaryInterval().toMillis());
        RoomcastMetrics.Registration gauges = metrics.redisShard(label, link::healthy, () -> seconds(link.roundTripMillis()));
        link.onStop(gauges::remove);
        link.onStop(closed);
        return link;
    }

    private static double seconds(long millis) {
        return millis < 0 ? Double.NaN : millis / 1000.0;
    }
}
