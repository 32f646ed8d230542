package dev.roomcast.cluster;

import static dev.roomcast.support.Ids.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.AppProcess;
import dev.roomcast.support.Readiness;
import dev.roomcast.support.RedisTestResource;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * SIGTERM on a real instance (B) with real clients, watched from another instance (A) through
 * Redis: readiness 503 and upgrades refused during the drain; every client gets everything sent
 * before it, then server_shutdown, then 1001, in paced batches; the others see user_left at once
 * (presence expiry is 60 s here, so only a clean leave explains it); the process exits in time.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
public class DrainIT {

    private static final int CLIENTS = 7;
    private static final int MESSAGES = 30;
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    @TestHTTPResource("/ws")
    URI a;

    /** The first client must not meet A's Redis link still connecting: readiness includes the canary. */
    @BeforeEach
    void aIsReady() {
        Readiness.await(200);
    }

    @Test
    void sigtermDrainsEveryClientAndLeavesTheRoomsAtOnce() throws Exception {
        Map<String, String> config = new HashMap<>(RedisTestResource.clusterConfig());
        config.put("roomcast.fanout.presence-ttl", "60s");
        config.put("roomcast.drain.batch-size", "3");
        config.put("roomcast.drain.batch-interval", "300ms");
        config.put("roomcast.drain.timeout", DRAIN_TIMEOUT.toSeconds() + "s");
        String room = unique("room");
        List<WsClient> onB = new ArrayList<>();
        try (AppProcess b = AppProcess.start("instance-drained", config);
                WsClient watcher = WsClient.connect(a, "id=" + unique("watcher") + "&room=" + room)) {
            watcher.next("joined");
            for (int i = 0; i < CLIENTS; i++) {
                WsClient client = WsClient.connect(b.ws(), "id=" + unique("user") + "&room=" + room);
                client.next("joined");
                onB.add(client);
            }
            WsClient sender = onB.get(0);
            for (int i = 0; i < MESSAGES; i++) {
                sender.send("type", "message", "room", room, "content", i);
            }
            int echoed = 0;
            while (echoed < MESSAGES) { // all accepted by B before the signal
                if ("message".equals(sender.next().path("type").asText())) {
                    echoed++;
                }
            }

            long signalled = System.nanoTime();
            b.terminate();
            await("readiness 503 while draining").atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                    .until(() -> b.status("/q/health/ready") == 503);
            Throwable refused = WsClient.connectFailure(b.ws(), "id=" + unique("latecomer"));
            assertEquals(503, assertInstanceOf(WebSocketHandshakeException.class, refused).getResponse().statusCode());

            for (WsClient client : onB) {
                int received = client == sender ? MESSAGES : 0;
                JsonNode frame;
                while (!"server_shutdown".equals((frame = client.next()).path("type").asText())) {
                    if ("message".equals(frame.path("type").asText())) {
                        assertEquals(received++, frame.get("content").asInt(), "in order");
                    }
                }
                assertEquals(MESSAGES, received, client.user() + " got everything sent before the drain");
                assertEquals("draining", frame.get("reason").asText());
                assertTrue(frame.get("reconnect_after_ms").asLong() >= 0);
                assertEquals(1001, client.awaitClose(), "going away");
            }

            Set<String> left = new HashSet<>();
            while (left.size() < CLIENTS) {
                left.add(watcher.skipTo("user_left").get("user").asText());
            }
            long leftAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
            assertTrue(leftAfterMs < 10_000, "user_left took " + leftAfterMs + " ms: expiry (60 s), not a clean leave");

            int exit = b.awaitExit(DRAIN_TIMEOUT.plusSeconds(10));
            long exitedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
            assertEquals(143, exit, "128 + SIGTERM, as the JVM reports a signalled shutdown; log:\n" + b.log());
            assertTrue(exitedAfterMs < DRAIN_TIMEOUT.toMillis() + 5_000, "exited after " + exitedAfterMs + " ms");
            assertTrue(b.log().contains("Drain finished, 0 connections still open"), b.log());
        } finally {
            onB.forEach(WsClient::close);
        }
    }
}
