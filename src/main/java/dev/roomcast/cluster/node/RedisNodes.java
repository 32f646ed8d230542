package dev.roomcast.cluster.node;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * A standalone client per Redis Cluster node ("host:port"), each with the options Quarkus built from
 * {@code quarkus.redis.*} (password, TLS, pool) and the scheme and credentials of the first seed in
 * {@code quarkus.redis.hosts}. Clients are kept until {@link #close}.
 */
final class RedisNodes {

    private final Vertx vertx;
    private final RedisOptions base;
    private final URI seed;
    private final Map<String, Redis> clients = new ConcurrentHashMap<>();

    RedisNodes(Vertx vertx, RedisOptions base) {
        this.vertx = vertx;
        this.base = base;
        this.seed = URI.create(base.getEndpoint());
    }

    /** The seeds as "host:port". */
    List<String> seeds() {
        List<String> nodes = new ArrayList<>();
        for (String endpoint : base.getEndpoints()) {
            nodes.add(ShardLabel.of(Optional.of(endpoint))); // host:port, as the cluster names its nodes
        }
        return nodes;
    }

    Redis client(String node) {
        return clients.computeIfAbsent(node, n -> {
            String userInfo = seed.getRawUserInfo() == null ? "" : seed.getRawUserInfo() + "@";
            String path = seed.getRawPath() == null ? "" : seed.getRawPath();
            RedisOptions options = new RedisOptions(base).setType(RedisClientType.STANDALONE)
                    .setEndpoints(new ArrayList<>(List.of(seed.getScheme() + "://" + userInfo + n + path)));
            return Redis.createClient(vertx, options);
        });
    }

    /** The node is no longer a master we keep a link to: its client (and pooled connections) go. */
    void close(String node) {
        Redis client = clients.remove(node);
        if (client != null) {
            client.close();
        }
    }

    Future<Response> slots(String node) {
        return client(node).send(Request.cmd(Command.CLUSTER).arg("SLOTS"));
    }

    void close() {
        clients.values().forEach(Redis::close);
        clients.clear();
    }
}
