package dev.roomcast.endpoint;

import static dev.roomcast.support.Ids.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.RedisServer;
import dev.roomcast.support.Readiness;
import dev.roomcast.support.RedisTestResource;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Redis frozen with SIGSTOP (its connections stay open): clients wait about the canary's detection time
 * (3 × 300 ms here), not the 5 s command timeout, and every error says what it knows.
 */
@QuarkusTest
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
public class FrozenRedisTest {

    @TestHTTPResource("/ws")
    URI ws;

    @Test
    void aFrozenRedisIsNoticedAndClientsAreToldTheTruthQuickly() {
        String room = unique("frozen");
        Readiness.await(200);
        try (WsClient alice = WsClient.connect(ws, "id=" + unique("alice") + "&room=" + room)) {
            alice.next("joined");
            RedisServer redis = RedisTestResource.server();
            redis.freeze();
            try {
                long start = System.nanoTime();
                alice.send("type", "private", "to", unique("elsewhere"), "content", "psst", "ref", 1);
                JsonNode unconfirmed = alice.next("error");
                long tookMs = (System.nanoTime() - start) / 1_000_000;
                assertEquals("fanout_timeout", unconfirmed.get("code").asText(), "taken by Redis, maybe delivered later");
                assertTrue(tookMs < 3_000, "the private waited " + tookMs + " ms: the detection time, not the command timeout");

                Readiness.await(503);
                alice.send("type", "message", "room", room, "content", "local", "ref", 2);
                // the local delivery and the error, in either order: a message's outcome is pipelined
                List<JsonNode> outcome = List.of(alice.next(), alice.next());
                assertTrue(outcome.stream().anyMatch(f -> "message".equals(f.path("type").asText())
                        && "local".equals(f.path("content").asText())), () -> "delivered here: " + outcome);
                assertTrue(outcome.stream().anyMatch(f -> "fanout_unavailable".equals(f.path("code").asText())
                        && f.path("ref").asInt() == 2), () -> "told it went nowhere else: " + outcome);

                long connecting = System.nanoTime();
                try (WsClient bob = WsClient.connect(ws, "id=" + unique("bob") + "&room=" + room)) {
                    bob.next("joined");
                    long welcomedMs = (System.nanoTime() - connecting) / 1_000_000;
                    assertTrue(welcomedMs < 1_000, "welcome and joined took " + welcomedMs + " ms with Redis frozen");
                    assertEquals(bob.user(), alice.skipTo("user_joined").get("user").asText());
                }
            } finally {
                redis.thaw();
            }
            Readiness.await(200);
            alice.sync();
            alice.send("type", "message", "room", room, "content", "again", "ref", 3);
            // Through Redis again: the message comes back on the room's channel and is accepted into history.
            List<JsonNode> after = new ArrayList<>();
            while (after.stream().noneMatch(f -> "again".equals(f.path("content").asText()))
                    || after.stream().noneMatch(f -> "accepted".equals(f.path("type").asText()))) {
                after.add(alice.next());
            }
            assertTrue(after.stream().noneMatch(f -> "error".equals(f.path("type").asText())), "resumed: " + after);
        }
    }

}
