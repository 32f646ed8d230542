package dev.roomcast.cluster.redis;

import java.util.HashMap;
import java.util.Map;

import dev.roomcast.cluster.FanoutUnavailableException;
import io.vertx.core.Context;
import io.vertx.core.Future;

/**
 * The room and user channels a cluster instance wants, and the master each is subscribed on: always its slot's
 * owner in the current map. A channel whose slot moves is unsubscribed from the old master (Redis also drops it
 * there by itself) and subscribed on the new one; one whose subscribe failed is tried again at the next
 * topology refresh. Used on the cluster's context only.
 */
final class ShardChannels {

    /** Owner placeholder for a channel that must be subscribed again at the next refresh. */
    private static final String AGAIN = "";

    private final Context context;
    private final Map<String, String> owners = new HashMap<>();

    ShardChannels(Context context) {
        this.context = context;
    }

    Future<Void> subscribe(String channel, ClusterSlots slots, Map<String, RedisLink> links) {
        String owner = slots.owner(Slots.of(channel));
        RedisLink link = owner == null ? null : links.get(owner);
        if (link == null) { // subscribed once the map has its master
            owners.put(channel, AGAIN);
            return Future.failedFuture(FanoutUnavailableException.INSTANCE);
        }
        owners.put(channel, owner);
        return watched(channel, link.subscribe(channel, true));
    }

    void unsubscribe(String channel, Map<String, RedisLink> links) {
        String owner = owners.remove(channel);
        RedisLink link = owner == null ? null : links.get(owner);
        if (link != null) {
            link.unsubscribe(channel);
        }
    }

    /** Redis dropped it (its slot moved): subscribe it again once the map says where. */
    void movedAway(String channel) {
        owners.computeIfPresent(channel, (c, was) -> AGAIN);
    }

    /** Whether some channel is not subscribed on a master of {@code links}. */
    boolean stray(Map<String, RedisLink> links) {
        return !owners.values().stream().allMatch(links::containsKey);
    }

    /** Every channel onto its slot's master in the new map. */
    void follow(ClusterSlots slots, Map<String, RedisLink> before, Map<String, RedisLink> links) {
        owners.replaceAll((channel, was) -> {
            String owner = slots.owner(Slots.of(channel));
            if (owner == null) {
                return AGAIN;
            }
            if (!owner.equals(was)) {
                RedisLink old = before.get(was);
                if (old != null) {
                    old.unsubscribe(channel);
                }
                watched(channel, links.get(owner).subscribe(channel, true));
            }
            return owner;
        });
    }

    private Future<Void> watched(String channel, Future<Void> subscribed) {
        return subscribed.onFailure(e -> context.runOnContext(v -> owners.computeIfPresent(channel, (c, o) -> AGAIN)));
    }
}
