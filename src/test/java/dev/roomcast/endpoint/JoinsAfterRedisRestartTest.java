package dev.roomcast.endpoint;

import static dev.roomcast.support.Ids.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.Readiness;
import dev.roomcast.support.RedisServer;
import dev.roomcast.support.RedisTestResource;
import dev.roomcast.support.RoomTraffic;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Joins right after Redis came back empty: the instance is ready (its canary, which is not held, came back)
 * while its commands are still held (reconnect-interval + 250 ms), so joins sent then are answered by Redis
 * together and commit in whatever order their event loops get there. Two users joining one room on this
 * instance must each learn of the other: from the {@code joined} list or from a {@code user_joined} after it.
 */
@QuarkusTest
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
public class JoinsAfterRedisRestartTest {

    /** Pairs joining at once; one pair commits out of presence order often, so many make it all but certain. */
    private static final int ROOMS = 32;

    @TestHTTPResource("/ws")
    URI ws;

    @Test
    void twoUsersJoiningARoomJustAfterRedisCameBackLearnOfEachOther() throws Exception {
        Readiness.await(200);
        List<WsClient> clients = new ArrayList<>();
        try {
            String[] rooms = new String[ROOMS];
            for (int i = 0; i < ROOMS; i++) {
                rooms[i] = unique("restart");
                clients.add(WsClient.connect(ws, "id=" + unique("alice")));
                clients.add(WsClient.connect(ws, "id=" + unique("bob")));
            }
            RedisServer redis = RedisTestResource.server();
            redis.stop();
            Readiness.await(503);
            redis.start();
            Readiness.await(200); // the canary is back; commands are held a while longer
            for (int i = 0; i < 2 * ROOMS; i++) {
                clients.get(i).send("type", "join", "room", rooms[i / 2], "ref", i);
            }
            Map<WsClient, List<JsonNode>> seen = new HashMap<>();
            for (WsClient client : clients) {
                List<JsonNode> frames = new ArrayList<>(client.receivedUntil("joined"));
                seen.put(client, frames);
            }
            // Every commit (and the notice it sends the members here) is done: what is still missing is missing.
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                List<String> unaware = new ArrayList<>();
                for (int i = 0; i < 2 * ROOMS; i++) {
                    WsClient client = clients.get(i);
                    WsClient other = clients.get(i ^ 1);
                    seen.get(client).addAll(client.drain());
                    if (!RoomTraffic.knowsOf(seen.get(client), other.user())) {
                        unaware.add(client.user() + " of " + other.user() + ": " + seen.get(client));
                    }
                }
                assertTrue(unaware.isEmpty(), unaware.size() + " of " + 2 * ROOMS + " members never learned of the other: "
                        + unaware);
            });
        } finally {
            clients.forEach(WsClient::close);
        }
    }
}
