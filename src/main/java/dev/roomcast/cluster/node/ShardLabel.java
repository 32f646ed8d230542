package dev.roomcast.cluster.node;

import java.net.URI;
import java.util.Optional;

/**
 * The {@code shard} label of a Redis endpoint: {@code host:port} from the first of {@code quarkus.redis.hosts},
 * never its password or database. {@code "redis"} when there is no such address (unset, a Unix socket).
 */
final class ShardLabel {

    static final String UNKNOWN = "redis";
    private static final int DEFAULT_PORT = 6379;

    private ShardLabel() {
    }

    static String of(Optional<String> hosts) {
        if (hosts.isEmpty()) {
            return UNKNOWN;
        }
        try {
            URI first = URI.create(hosts.get().split(",")[0].trim());
            if (first.getHost() == null) {
                return UNKNOWN;
            }
            return first.getHost() + ":" + (first.getPort() < 0 ? DEFAULT_PORT : first.getPort());
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}
