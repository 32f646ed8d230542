package dev.roomcast.cluster.redis;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import io.vertx.redis.client.Response;

/**
 * Which master owns each hash slot, as {@code CLUSTER SLOTS} reports it: every reply item is
 * {@code [first slot, last slot, [host, port, node id, ...], replicas...]}. Immutable.
 *
 * @param owners the owner ("host:port") of each slot, null where no master serves it
 * @param ids each master's cluster node id
 */
record ClusterSlots(String[] owners, Map<String, String> ids) {

    static final ClusterSlots NONE = new ClusterSlots(new String[Slots.COUNT], Map.of());

    /** Parses a CLUSTER SLOTS reply; an empty host means the node we asked ({@code askedHost}). */
    static ClusterSlots parse(Response reply, String askedHost) {
        String[] owners = new String[Slots.COUNT];
        Map<String, String> ids = new LinkedHashMap<>();
        for (Response range : reply) {
            Response master = range.get(2);
            String host = master.get(0).toString();
            String node = (host.isEmpty() || host.equals("?") ? askedHost : host) + ":" + master.get(1).toInteger();
            Arrays.fill(owners, range.get(0).toInteger(), range.get(1).toInteger() + 1, node);
            ids.put(node, master.size() > 2 ? master.get(2).toString() : node);
        }
        return new ClusterSlots(owners, Map.copyOf(ids));
    }

    String owner(int slot) {
        return owners[slot];
    }

    /** Every slot has an owner. */
    boolean complete() {
        for (String owner : owners) {
            if (owner == null) {
                return false;
            }
        }
        return true;
    }

    boolean sameAs(ClusterSlots other) {
        return Arrays.equals(owners, other.owners) && ids.equals(other.ids);
    }
}
