package dev.roomcast.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.roomcast.support.AppProcess;
import dev.roomcast.support.Ids;
import dev.roomcast.support.RedisCluster;
import dev.roomcast.support.WsClient;
import dev.roomcast.support.RedisClusterTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Two instances on a real Redis Cluster (three masters, a replica each): rooms, private messages, broadcasts, presence. */
@QuarkusIntegrationTest
@QuarkusTestResource(value = RedisClusterTestResource.class, restrictToAnnotatedClass = true)
public class RedisClusterIT extends CrossInstanceContract {

    private static AppProcess b;

    @BeforeAll
    static void startSecondInstance() throws Exception {
        b = AppProcess.start("instance-b", RedisClusterTestResource.clusterConfig());
    }

    @AfterAll
    static void stopSecondInstance() {
        if (b != null) {
            b.close();
        }
    }

    @Override
    protected AppProcess b() {
        return b;
    }

    @Override
    protected Map<String, String> instanceConfig() {
        return RedisClusterTestResource.clusterConfig();
    }

    /**
     * 300 rooms, each a shard channel on its slot's master only: every master holds between 20% and 50% of them
     * (a third each, give or take what hashing gives), none as a plain channel.
     */
    @Test
    void threeHundredRoomsSpreadOverEveryMasterAsShardChannels() {
        RedisCluster cluster = RedisClusterTestResource.cluster();
        Set<String> channels = new HashSet<>();
        List<WsClient> members = new ArrayList<>();
        try {
            for (int c = 0; c < 60; c++) { // the test profile allows 5 rooms per connection
                WsClient member = WsClient.connect(b.ws(), "id=" + Ids.unique("spread"));
                members.add(member);
                for (int i = 0; i < 5; i++) {
                    String room = Ids.unique("spread");
                    channels.add("roomcast:room:{r:" + room + "}");
                    member.send("type", "join", "room", room);
                    member.skipTo("joined");
                }
            }
            int total = 0;
            for (RedisCluster.Node master : cluster.masters()) {
                Set<String> here = new HashSet<>(cluster.shardChannels(master));
                here.retainAll(channels);
                total += here.size();
                double share = here.size() / 300.0;
                assertTrue(share >= 0.2 && share <= 0.5, master + " holds " + here.size() + " of the 300 rooms");
                for (String channel : here) {
                    assertEquals(master, cluster.masterOf(cluster.slot(channel)), channel + " is on its slot's master");
                }
                assertTrue(cluster.cli(master, "PUBSUB", "CHANNELS", "roomcast:room:*").isBlank(), "no plain room channels");
            }
            assertEquals(300, total, "every room subscribed once");
        } finally {
            members.forEach(WsClient::close);
        }
    }
}
