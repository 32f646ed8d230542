package dev.roomcast.cluster.redis;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

/**
 * The global channels (broadcasts, replies) of a cluster instance: plain SUBSCRIBE on one master's link, which
 * hears every PUBLISH in the cluster (Redis Cluster forwards them to every node). They stay on a healthy link and
 * move to another when theirs fails or leaves the cluster. Used on the cluster's context only, except
 * {@link #node}, read from any thread.
 */
final class GlobalChannels {

    private static final Logger LOG = Logger.getLogger(GlobalChannels.class);

    private final Set<String> channels = new LinkedHashSet<>();
    private volatile String node;

    String node() {
        return node;
    }

    /** Wants the channel; returns the link it goes on now, or null (subscribed once there is one). */
    RedisLink add(String channel, Map<String, RedisLink> links) {
        channels.add(channel);
        return node == null ? null : links.get(node);
    }

    /** Keeps the channels on a healthy link of {@code links}, moving them when theirs is not. */
    void review(Map<String, RedisLink> links) {
        RedisLink current = node == null ? null : links.get(node);
        boolean noneHealthy = links.values().stream().noneMatch(RedisLink::healthy);
        if (current != null && (current.healthy() || noneHealthy)) {
            return;
        }
        String next = links.entrySet().stream().filter(e -> e.getValue().healthy()).map(Map.Entry::getKey).findFirst()
                .orElse(links.keySet().stream().sorted().findFirst().orElse(null));
        if (next == null || next.equals(node)) {
            return;
        }
        if (current != null) {
            channels.forEach(current::unsubscribe);
        }
        if (node != null) {
            LOG.infof("Broadcasts and replies now go through %s", next);
        }
        node = next;
        RedisLink link = links.get(next);
        channels.forEach(channel -> link.subscribe(channel, false));
    }
}
