package dev.roomcast.support;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The Redis Cluster and Sentinel fixtures do what other tests rely on them for. */
class RedisClusterFixtureTest {

    @Test
    void clusterServesKeysFailsOverAndMovesSlots() {
        try (RedisCluster cluster = RedisCluster.start()) {
            List<RedisCluster.Node> masters = cluster.masters();
            assertEquals(3, masters.size(), "masters: " + masters);
            assertEquals(6, cluster.nodes().size(), "nodes: " + cluster.nodes());
            assertEquals(3, cluster.hosts().split(",").length, cluster.hosts());
            Set<Integer> owners = Set.of(0, 8000, 16383).stream().map(s -> cluster.masterOf(s).port())
                    .collect(Collectors.toSet());
            assertEquals(3, owners.size(), "slots 0, 8000 and 16383 belong to three masters");

            int slot = cluster.slot("{room-1}:history");
            assertEquals(slot, cluster.slot("room-1"), "a hash tag puts a key in its tag's slot");
            RedisCluster.Node owner = cluster.masterOf(slot);
            assertEquals("OK", cluster.cli(owner, "SET", "{room-1}:history", "hello").trim());
            assertEquals("hello", cluster.cli(owner, "GET", "{room-1}:history").trim());
            assertTrue(cluster.commandCalls(owner).getOrDefault("set", 0L) >= 1, "commandstats count the SET");
            assertTrue(cluster.cpuSeconds(owner) > 0, "INFO cpu");

            Process subscriber = subscribe(owner.port(), "{room-1}:messages");
            try {
                await("the shard channel shows on its master").atMost(Duration.ofSeconds(10))
                        .until(() -> cluster.shardChannels(owner).contains("{room-1}:messages"));
            } finally {
                subscriber.destroyForcibly();
            }

            RedisCluster.Node target = masters.stream().filter(m -> !m.equals(owner)).findFirst().orElseThrow();
            cluster.moveSlot(slot, target);
            assertEquals(target, cluster.masterOf(slot));
            assertEquals("hello", cluster.cli(target, "GET", "{room-1}:history").trim(), "the key moved along");

            cluster.reshard(target, owner, 10);
            assertEquals(3, cluster.masters().size());

            cluster.kill(target);
            RedisCluster.Node promoted = cluster.awaitFailover(target);
            assertNotEquals(target, promoted);
            assertEquals(promoted, cluster.masterOf(slot), "the replica took over the dead master's slots");
            assertEquals("hello", cluster.cli(promoted, "GET", "{room-1}:history").trim(), "replicated");
            assertEquals(3, cluster.masters().size(), "masters after the failover: " + cluster.masters());
        }
    }

    @Test
    void sentinelsPromoteTheReplica() {
        try (RedisSentinels sentinels = RedisSentinels.start()) {
            assertEquals(3, sentinels.hosts().split(",").length, sentinels.hosts());
            int old = sentinels.masterPort();
            sentinels.cli(old, "SET", "k", "v");
            sentinels.killMaster();
            int promoted = sentinels.awaitFailover();
            assertNotEquals(old, promoted);
            assertTrue(sentinels.cli(promoted, "ROLE").startsWith("master"));
            assertEquals(promoted, sentinels.masterPort());
        }
    }

    /** A redis-cli that stays subscribed to a shard channel until destroyed. */
    private static Process subscribe(int port, String channel) {
        try {
            return new ProcessBuilder(RedisCli.required("redis-cli").toString(), "-p", "" + port, "SSUBSCRIBE",
                    channel).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
