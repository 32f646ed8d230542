package dev.roomcast.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.AppProcess;
import dev.roomcast.support.OrderCheck;
import dev.roomcast.support.Paced;
import dev.roomcast.support.RedisServer;
import dev.roomcast.support.WsClient;

/**
 * An instance that starts before its Redis (the usual order when a whole deployment starts at once):
 * requests made before, while and after the link first comes up are answered, in order, and messages
 * still reach the members on this instance without a gap; once the link is up, other instances hear it.
 */
public class RedisLateAtStartIT {

    private static final int MESSAGES = 600;
    private static final int JOIN_EVERY = 10;

    @Test
    void requestsWhileTheLinkFirstComesUpAreAnsweredInOrder() throws Exception {
        try (RedisServer redis = RedisServer.notStartedOnFreePort();
                AppProcess app = AppProcess.start("late-redis", config(redis))) {
            WsClient sender = WsClient.connect(app.ws(), "id=sender"); // welcome arrives without Redis
            WsClient member = WsClient.connect(app.ws(), "id=member");
            member.send("type", "join", "room", "r", "ref", "m");
            member.next("joined");
            sender.send("type", "join", "room", "r", "ref", "s");
            sender.next("joined");

            CompletableFuture<Void> redisStarted = new CompletableFuture<>();
            try (Paced steady = Paced.start(MESSAGES, Duration.ofMillis(5), i -> {
                if (i == MESSAGES / 4) { // Redis comes up while requests keep flowing
                    new Thread(() -> startQuietly(redis, redisStarted), "redis-start").start();
                }
                sender.send("type", "message", "room", "r", "content", i);
                if (i % JOIN_EVERY == 0) {
                    sender.send("type", "join", "room", "x", "ref", "j" + i); // joins and leaves wait on Redis when it is up
                    sender.send("type", "leave", "room", "x", "ref", "l" + i);
                }
                if (i == MESSAGES * 3 / 4) { // the last quarter goes out with Redis running and the link up
                    redisStarted.orTimeout(20, TimeUnit.SECONDS).join();
                    await("the link to come up").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                            .until(() -> app.status("/q/health/ready") == 200);
                }
                return true;
            })) {
                steady.awaitAll(Duration.ofSeconds(60));
            }

            OrderCheck.assertEachSendersOrder(member, MESSAGES, 1);
            assertJoinsAnsweredInOrder(sender);
            assertTrue(app.log().contains("Redis is unreachable"), "the instance started before its Redis");

            // Once up, the link carries traffic to another instance.
            try (AppProcess other = AppProcess.start("late-redis-other", config(redis));
                    WsClient remote = WsClient.connect(other.ws(), "id=remote")) {
                remote.send("type", "join", "room", "r", "ref", "r");
                remote.next("joined");
                sender.send("type", "message", "room", "r", "content", "after");
                assertEquals("after", remote.skipTo("message").get("content").asText());
            }
            sender.close();
            member.close();
        }
    }

    /** Every join and leave got its own reply, in the order sent; errors for messages may come in between. */
    private static void assertJoinsAnsweredInOrder(WsClient sender) {
        List<String> refs = new ArrayList<>();
        Map<String, Integer> errors = new HashMap<>();
        while (refs.size() < 2 * MESSAGES / JOIN_EVERY) {
            JsonNode frame = sender.next();
            String type = frame.path("type").asText();
            if ("joined".equals(type) || "left".equals(type)) {
                refs.add(frame.path("ref").asText());
            } else if ("error".equals(type)) {
                errors.merge(frame.path("code").asText(), 1, Integer::sum);
                assertEquals("fanout_unavailable", frame.path("code").asText(), () -> "unexpected error " + frame);
            }
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i += JOIN_EVERY) {
            expected.add("j" + i);
            expected.add("l" + i);
        }
        assertEquals(expected, refs, "join and leave replies out of order");
        assertTrue(errors.getOrDefault("fanout_unavailable", 0) > 0,
                "no message was refused before Redis came up: the test did not cover the start-up window");
    }

    private static void startQuietly(RedisServer redis, CompletableFuture<Void> started) {
        try {
            redis.start();
            started.complete(null);
        } catch (Exception e) {
            started.completeExceptionally(e);
        }
    }

    private static Map<String, String> config(RedisServer redis) {
        return Map.of(
                "roomcast.fanout.type", "redis",
                "quarkus.redis.hosts", redis.uri(),
                "roomcast.fanout.reconnect-interval", "200ms",
                "roomcast.fanout.canary-interval", "300ms",
                "roomcast.fanout.presence-refresh", "1s",
                "roomcast.fanout.presence-ttl", "3s",
                "roomcast.security.messages-per-second", "10000",
                "roomcast.security.message-burst", "10000");
    }
}
