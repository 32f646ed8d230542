package dev.roomcast.streams;

import static dev.roomcast.support.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.Readiness;
import dev.roomcast.support.RedisServer;
import dev.roomcast.support.RedisTestResource;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A connection made while Redis is frozen and before the instance notices (a slow canary here: 3 × 3 s, past the
 * 5 s command timeout) gets its welcome within a second, without the streams' positions; once Redis answers
 * again, {@code resumed} brings them, and privates flow with offsets.
 */
@QuarkusTest
@QuarkusTestResource(value = WelcomeWhileRedisFrozenTest.SlowCanary.class, restrictToAnnotatedClass = true)
public class WelcomeWhileRedisFrozenTest {

    /** The test Redis, with a canary too slow to notice the freeze before the welcome is due. */
    public static class SlowCanary extends RedisTestResource {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            config.put("roomcast.fanout.canary-interval", "3s");
            return config;
        }
    }

    @TestHTTPResource("/ws")
    URI ws;

    @Test
    void welcomeComesWithinASecondAndTheInboxPositionFollowsWhenRedisAnswers() {
        Readiness.await(200);
        String bob = unique("bob");
        try (WsClient alice = WsClient.connect(ws, "id=" + unique("alice"))) {
            RedisServer redis = RedisTestResource.server();
            redis.freeze();
            WsClient b;
            try {
                long start = System.nanoTime();
                b = WsClient.connect(ws, "id=" + bob);
                long tookMs = (System.nanoTime() - start) / 1_000_000;
                assertTrue(tookMs < 1_000, "welcome took " + tookMs + " ms with Redis frozen");
                assertFalse(b.welcome().has("inbox"), "position unknown yet: " + b.welcome());
            } finally {
                redis.thaw();
            }
            try (b) {
                JsonNode resumed = b.next("resumed");
                JsonNode inbox = resumed.has("inbox") ? resumed.get("inbox") : b.next("resumed").get("inbox");
                assertTrue(inbox.has("offset") && inbox.has("epoch"), resumed::toString);
                alice.send("type", "private", "to", bob, "content", "after the freeze", "ref", 1);
                long offset = alice.skipTo("accepted").get("offset").asLong();
                JsonNode p = b.skipTo("private");
                assertEquals("after the freeze", p.get("content").asText());
                assertEquals(offset, p.get("offset").asLong());
            }
        }
    }
}
