package dev.roomcast.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.roomcast.support.AppProcess;
import dev.roomcast.support.Paced;
import dev.roomcast.support.Ids;
import dev.roomcast.support.RedisCluster;
import dev.roomcast.support.RedisClusterTestResource;
import dev.roomcast.support.ShardTraffic;

/**
 * Two instances on a real Redis Cluster while one shard fails ({@code kill -9} of a master, its replica promoted)
 * or a slot moves to another master under traffic. Rooms on the failing shard get honest errors and recover;
 * rooms on the other shards never notice. See {@link ShardTraffic} for the promises checked.
 */
class ShardFailureIT {

    private RedisCluster cluster;
    private AppProcess a;
    private AppProcess b;

    @BeforeEach
    void start() throws Exception {
        cluster = RedisCluster.start(Duration.ofMillis(2000));
        a = AppProcess.start("shard-a", RedisClusterTestResource.clusterConfig(cluster));
        b = AppProcess.start("shard-b", RedisClusterTestResource.clusterConfig(cluster));
    }

    @AfterEach
    void stop() {
        for (AutoCloseable closing : new AutoCloseable[] { a, b, cluster }) {
            try {
                if (closing != null) {
                    closing.close();
                }
            } catch (Exception e) {
                // the rest still close
            }
        }
    }

    /** A room whose slot the master owns (or, with {@code onIt} false, another master owns). */
    private String roomOn(RedisCluster.Node master, boolean onIt) {
        while (true) {
            String room = Ids.unique("shard");
            boolean owned = cluster.masterOf(cluster.slot("{r:" + room + "}")).equals(master);
            if (owned == onIt) {
                return room;
            }
        }
    }

    @Test
    void aKilledMastersRoomsGetHonestErrorsAndRecoverWhileOtherRoomsNeverNotice() throws Exception {
        RedisCluster.Node victim = cluster.masters().get(0);
        String failing = roomOn(victim, true);
        String healthy = roomOn(victim, false);
        try (ShardTraffic traffic = new ShardTraffic(a, b, List.of(failing, healthy))) {
            try (Paced sending = traffic.sendEvery(Duration.ofMillis(20))) {
                rounds(sending, 30);
                cluster.kill(victim);
                rounds(sending, 30 + 400); // about 8 s more: the failover takes 4-5 s
            }
            traffic.finish();
            String summary = traffic.summary();
            traffic.assertPromisesKept();
            traffic.assertUntouched(healthy);
            assertTrue(traffic.refused(failing) > 0, "the failing shard's room saw errors while it was down:\n" + summary);
            assertTrue(traffic.lastAccepted(failing, 20), "and works again after the failover:\n" + summary);
        }
    }

    /**
     * {@code redis-cli --cluster reshard} of 100 slots under traffic, the room's among them: redis-cli moves the
     * source's lowest slots, and the first master (by first slot) starts at slot 0.
     */
    @Test
    void aSlotRangeReshardedUnderTrafficLosesNothingSilently() throws Exception {
        RedisCluster.Node from = cluster.masters().get(0);
        String moving = roomInFirstSlots(100);
        String staying = roomOn(from, false);
        int slot = cluster.slot("{r:" + moving + "}");
        RedisCluster.Node to = cluster.masters().get(1);
        try (ShardTraffic traffic = new ShardTraffic(a, b, List.of(moving, staying))) {
            try (Paced sending = traffic.sendEvery(Duration.ofMillis(20))) {
                rounds(sending, 30);
                cluster.reshard(from, to, 100); // waits until every node agrees; the traffic goes on meanwhile
                rounds(sending, sending.done() + 50);
            }
            traffic.finish();
            String summary = traffic.summary();
            traffic.assertPromisesKept();
            traffic.assertUntouched(staying);
            assertTrue(cluster.masterOf(slot).equals(to), "the room's slot moved with the range");
            assertTrue(traffic.lastAccepted(moving, 20), "the moved room works on its new master:\n" + summary);
        }
    }

    /** Waits until the sender has sent this many rounds in all. */
    static void rounds(Paced sending, int total) {
        await("round " + total + " sent").atMost(Duration.ofSeconds(60)).until(() -> sending.done() >= total);
    }

    private String roomInFirstSlots(int slots) {
        while (true) {
            String room = Ids.unique("reshard");
            if (cluster.slot("{r:" + room + "}") < slots) {
                return room;
            }
        }
    }
}
