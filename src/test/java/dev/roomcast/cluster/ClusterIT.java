package dev.roomcast.cluster;

import static dev.roomcast.support.Ids.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.AppProcess;
import dev.roomcast.support.RoomTraffic;
import dev.roomcast.support.Readiness;
import dev.roomcast.support.RedisTestResource;
import dev.roomcast.support.Scrape;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * Two real instances sharing one real Redis: A is the packaged app under test, B a second process
 * of the same jar. Members are compared as sets: across instances their order is unspecified.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
public class ClusterIT extends CrossInstanceContract {

    private static AppProcess b;

    @BeforeAll
    static void startSecondInstance() throws Exception {
        b = AppProcess.start("instance-b", RedisTestResource.clusterConfig());
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
    protected java.util.Map<String, String> instanceConfig() {
        return RedisTestResource.clusterConfig();
    }

    @Test
    void redisOutageKeepsLocalRoomsWorkingAndRecoversWithinFiveSeconds() throws Exception {
        String room = unique("room");
        try (WsClient alice = WsClient.connect(a, "id=" + unique("alice"));
                WsClient carol = WsClient.connect(a, "id=" + unique("carol"));
                WsClient bob = WsClient.connect(b.ws(), "id=" + unique("bob"))) {
            join(alice, room);
            join(carol, room);
            join(bob, room);
            int warningsBefore = warnings(b.log());
            Scrape before = Scrape.now();

            RedisTestResource.server().stop();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
                alice.send("type", "message", "room", room, "content", "during", "ref", "d");
                return "fanout_unavailable".equals(alice.skipTo("error").path("code").asText());
            });
            assertEquals("during", carol.skipTo("message").get("content").asText(), "local delivery goes on");
            for (int i = 0; i < 20; i++) { // a burst during the outage must not flood the logs
                alice.send("type", "message", "room", room, "content", "burst " + i);
            }
            alice.sync();

            RedisTestResource.server().start(); // same port, no data: presence must be re-told
            long back = System.nanoTime();
            bob.drain();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).until(() -> {
                alice.send("type", "message", "room", room, "content", "probe");
                return bob.drain().stream().anyMatch(m -> "probe".equals(m.path("content").asText()));
            });
            long recoveredMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back);
            assertTrue(recoveredMs <= 5_000, "recovered after " + recoveredMs + " ms");

            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                try (WsClient erin = WsClient.connect(b.ws(), "id=" + unique("erin"))) {
                    assertEquals(Set.of(alice.user(), carol.user(), bob.user(), erin.user()), members(join(erin, room)),
                            "members re-told after Redis lost its data");
                }
            });
            assertTrue(Scrape.now().since(before, "roomcast_redis_reconnects_total") >= 1, "A counted its reconnect");
            int newWarnings = warnings(b.log()) - warningsBefore;
            assertTrue(newWarnings <= 2, "an outage should log once, not per message; got " + newWarnings + ":\n"
                    + b.log().lines().filter(l -> l.contains("WARN") || l.contains("ERROR")).toList());
        }
    }

    private static int warnings(String log) {
        return (int) log.lines().filter(l -> l.contains("WARN") || l.contains("ERROR")).count();
    }
}

