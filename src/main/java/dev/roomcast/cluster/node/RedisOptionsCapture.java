package dev.roomcast.cluster.node;

import jakarta.inject.Singleton;

import io.quarkus.redis.client.RedisOptionsCustomizer;
import io.vertx.redis.client.RedisOptions;

/**
 * Keeps a copy of the options Quarkus built for the Redis client from {@code quarkus.redis.*} (password, TLS,
 * timeouts, pool): on a cluster, Roomcast opens its own connection to each master with the same options.
 */
@Singleton
public class RedisOptionsCapture implements RedisOptionsCustomizer {

    private volatile RedisOptions options;

    @Override
    public void customize(String clientName, RedisOptions built) {
        this.options = new RedisOptions(built);
    }

    /** The options of the client Quarkus created last (there is one: the default client). */
    public RedisOptions options() {
        if (options == null) {
            throw new IllegalStateException("the Redis client has not been created yet");
        }
        return new RedisOptions(options);
    }
}
