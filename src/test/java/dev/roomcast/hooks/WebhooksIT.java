package dev.roomcast.hooks;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.AppProcess;
import dev.roomcast.support.RedisServer;
import dev.roomcast.support.Scrape;
import dev.roomcast.support.WebhookReceiver;
import dev.roomcast.support.WsClient;

/**
 * Webhooks from the packaged jar, two instances sharing Redis, to a real receiver that checks every signature:
 * each transition of the cluster is sent once, by one instance, whichever instances the connections are on; a
 * killed instance's members and users are reported gone by the survivor; a slow receiver never holds up a room.
 */
public class WebhooksIT {

    private static final String SECRET = "webhooks-it-secret";
    private static final String ALL = "room_occupied,room_vacated,member_joined,member_left,user_online,user_offline,"
            + "message_published";

    @Test
    void everyEventTypeIsSentOncePerTransitionWhateverTheInstance() throws Exception {
        try (RedisServer redis = RedisServer.startOnFreePort(); WebhookReceiver receiver = new WebhookReceiver(SECRET);
                AppProcess a = AppProcess.start("webhooks-a", config(redis, receiver, "a"));
                AppProcess b = AppProcess.start("webhooks-b", config(redis, receiver, "b"))) {
            WsClient aliceA = WsClient.connect(a.ws(), "id=alice");
            aliceA.welcome();
            awaitEvents(receiver, "user_online alice a");
            WsClient aliceB = WsClient.connect(b.ws(), "id=alice");
            aliceB.welcome();
            WsClient bobB = WsClient.connect(b.ws(), "id=bob");
            bobB.welcome();
            aliceA.send("type", "join", "room", "lobby");
            aliceA.skipTo("joined");
            aliceB.send("type", "join", "room", "lobby");
            aliceB.skipTo("joined");
            bobB.send("type", "join", "room", "lobby");
            bobB.skipTo("joined");
            bobB.send("type", "message", "room", "lobby", "content", Map.of("text", "hi"), "ref", 1);
            long offset = bobB.skipTo("accepted").get("offset").asLong();
            awaitEvents(receiver, "user_online alice a", "user_online bob b", "room_occupied lobby a",
                    "member_joined lobby alice a", "member_joined lobby bob b", "message_published lobby bob b");

            aliceA.send("type", "leave", "room", "lobby"); // alice is still in it on b
            aliceA.skipTo("left");
            aliceB.send("type", "leave", "room", "lobby");
            aliceB.skipTo("left");
            bobB.close(); // the room's last member, and bob's only connection
            aliceA.close(); // alice is still connected to b
            awaitEvents(receiver, "member_left lobby alice b", "member_left lobby bob b", "room_vacated lobby b",
                    "user_offline bob b");
            aliceB.close();
            awaitEvents(receiver, "user_offline alice b");
            awaitSettled(a, b, receiver);

            assertEquals(List.of("user_online alice a", "user_online bob b", "room_occupied lobby a",
                    "member_joined lobby alice a", "member_joined lobby bob b", "message_published lobby bob b",
                    "member_left lobby alice b", "member_left lobby bob b", "room_vacated lobby b", "user_offline bob b",
                    "user_offline alice b").stream().sorted().toList(), described(receiver.events()).stream().sorted().toList(),
                    "each transition once, from the instance that made it");
            JsonNode published = receiver.eventsOfType("message_published").get(0);
            assertEquals(offset, published.get("offset").asLong());
            assertEquals("hi", published.at("/content/text").asText());
            assertDistinctIdsAndGoodSignatures(receiver);
            List<String> lobby = receiver.events().stream().filter(e -> e.path("room").asText().equals("lobby"))
                    .filter(e -> e.path("instance").asText().equals("b")).map(e -> e.get("type").asText()).toList();
            assertEquals(List.of("member_joined", "message_published", "member_left", "member_left", "room_vacated"), lobby,
                    "one instance's events of a room arrive in the order they happened");
        }
    }

    /** Killed, an instance sends nothing more: the survivor reaps its members and reports them gone, once. */
    @Test
    void aKilledInstancesMembersAndUsersAreReportedGoneByTheSurvivor() throws Exception {
        try (RedisServer redis = RedisServer.startOnFreePort(); WebhookReceiver receiver = new WebhookReceiver(SECRET);
                AppProcess a = AppProcess.start("webhooks-kill-a", config(redis, receiver, "a"));
                AppProcess b = AppProcess.start("webhooks-kill-b", config(redis, receiver, "b"));
                WsClient carol = WsClient.connect(a.ws(), "id=carol&room=kept");
                WsClient dan = WsClient.connect(b.ws(), "id=dan&room=kept")) {
            carol.skipTo("joined");
            dan.skipTo("joined");
            awaitEvents(receiver, "user_online carol a", "user_online dan b", "member_joined kept carol a",
                    "member_joined kept dan b");
            b.kill();
            awaitEvents(receiver, "member_left kept dan a", "user_offline dan a");
            awaitSettled(a, null, receiver);
            assertEquals(1, described(receiver.events()).stream().filter(e -> e.startsWith("member_left kept dan")).count());
            assertTrue(receiver.eventsOfType("room_vacated").isEmpty(), "carol is still in the room");
            assertDistinctIdsAndGoodSignatures(receiver);
        }
    }

    /**
     * The receiver takes 8 s per batch: every message of the room still reaches its members at once, and the
     * receiver gets them all once it answers again. Then 500s: the batch is retried (the same ids) until taken.
     */
    @Test
    void aSlowOrFailingReceiverNeverHoldsUpARoomAndGetsEverythingInTheEnd() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET);
                AppProcess a = AppProcess.start("webhooks-slow", Map.of("roomcast.webhooks.url", receiver.url(),
                        "roomcast.webhooks.secret", SECRET, "roomcast.webhooks.events", "message_published",
                        "roomcast.webhooks.backoff-min", "50ms", "roomcast.webhooks.backoff-max", "200ms"));
                WsClient talker = WsClient.connect(a.ws(), "id=talker&room=busy");
                WsClient listener = WsClient.connect(a.ws(), "id=listener&room=busy")) {
            talker.skipTo("joined");
            listener.skipTo("joined");
            receiver.slow(Duration.ofSeconds(8));
            for (int i = 0; i < 50; i++) {
                talker.send("type", "message", "room", "busy", "content", i);
            }
            for (int i = 0; i < 50; i++) {
                assertEquals(i, listener.skipTo("message").get("content").asInt(), "the room's messages in order");
            }
            assertTrue(receiver.batches().isEmpty(), "every message reached the room before the receiver answered once");
            receiver.answerOk();
            await("all 50 at the receiver").atMost(Duration.ofSeconds(30)).until(() -> receiver.events().size() >= 50);

            receiver.clear();
            receiver.failNext(2);
            talker.send("type", "message", "room", "busy", "content", "after failures");
            await("taken after two 500s").atMost(Duration.ofSeconds(20)).until(() -> receiver.events().size() == 1);
            List<WebhookReceiver.Request> tries = receiver.requests();
            assertEquals(3, tries.size(), "two failed attempts, then the one taken");
            assertEquals(tries.get(0).ids(), tries.get(2).ids(), "a retry sends the same events, with the same ids");
            assertEquals(500, tries.get(0).status());
            await("retries counted").atMost(Duration.ofSeconds(10))
                    .until(() -> Scrape.of(a.baseUrl()).value("roomcast_webhook_retries_total") >= 2);
        }
    }

    /** SIGTERM: the drain closes the connections, and what that changes is still sent before the process exits. */
    @Test
    void whatADrainChangesIsSentBeforeTheProcessExits() throws Exception {
        try (RedisServer redis = RedisServer.startOnFreePort(); WebhookReceiver receiver = new WebhookReceiver(SECRET);
                AppProcess a = AppProcess.start("webhooks-drain", config(redis, receiver, "draining"))) {
            WsClient erin = WsClient.connect(a.ws(), "id=erin&room=closing");
            erin.skipTo("joined");
            awaitEvents(receiver, "user_online erin draining", "room_occupied closing draining");
            a.terminate();
            assertEquals(143, a.awaitExit(Duration.ofSeconds(30)), "128 + SIGTERM: a signalled JVM shutdown, after the drain");
            assertTrue(described(receiver.events()).containsAll(List.of("member_left closing erin draining",
                    "room_vacated closing draining", "user_offline erin draining")),
                    "sent before the exit: " + described(receiver.events()));
        }
    }

    /** Down past the retry budget: the batch is dropped and counted; later events go through when it is back. */
    @Test
    void eventsAreDroppedAndCountedAfterTheRetryBudget() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET);
                AppProcess a = AppProcess.start("webhooks-drop", Map.of("roomcast.webhooks.url", receiver.url(),
                        "roomcast.webhooks.secret", SECRET, "roomcast.webhooks.events", "user_online",
                        "roomcast.webhooks.retry-for", "1s", "roomcast.webhooks.backoff-min", "50ms",
                        "roomcast.webhooks.backoff-max", "200ms"))) {
            receiver.stop();
            try (WsClient lost = WsClient.connect(a.ws(), "id=lost")) {
                lost.welcome();
                await("dropped after the retry budget").atMost(Duration.ofSeconds(20)).until(() -> Scrape.of(a.baseUrl())
                        .value("roomcast_webhook_events_dropped_total{reason=\"retries_exhausted\"}") >= 1);
            }
            receiver.start();
            try (WsClient found = WsClient.connect(a.ws(), "id=found")) {
                found.welcome();
                await("found's user_online").atMost(Duration.ofSeconds(20)).until(() -> receiver.eventsOfType("user_online")
                        .stream().anyMatch(e -> e.get("user").asText().equals("found")));
            }
            assertTrue(receiver.eventsOfType("user_online").stream().noneMatch(e -> e.get("user").asText().equals("lost")));
        }
    }

    private static Map<String, String> config(RedisServer redis, WebhookReceiver receiver, String instance) {
        Map<String, String> config = new HashMap<>();
        config.put("roomcast.fanout.type", "redis");
        config.put("quarkus.redis.hosts", redis.uri());
        config.put("roomcast.fanout.instance-id", instance);
        config.put("roomcast.fanout.presence-ttl", "2s");
        config.put("roomcast.fanout.presence-refresh", "500ms");
        config.put("roomcast.webhooks.url", receiver.url());
        config.put("roomcast.webhooks.secret", SECRET);
        config.put("roomcast.webhooks.events", ALL);
        config.put("roomcast.webhooks.backoff-min", "50ms");
        return config;
    }

    /** "type [room] [user] instance" for each event. */
    private static List<String> described(List<JsonNode> events) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : events) {
            StringBuilder s = new StringBuilder(e.get("type").asText());
            for (String field : new String[] { "room", "user", "instance" }) {
                if (e.hasNonNull(field)) {
                    s.append(' ').append(e.get(field).asText());
                }
            }
            out.add(s.toString());
        }
        return out;
    }

    private static void awaitEvents(WebhookReceiver receiver, String... expected) {
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> described(receiver.events()).containsAll(List.of(expected)));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("waited 20 s for " + List.of(expected) + "; received " + described(receiver.events())
                    + (receiver.failures().isEmpty() ? "" : "; refused: " + receiver.failures()), e);
        }
    }

    /** Nothing waits on either instance and every event it sent was taken: no late duplicate can come. */
    private static void awaitSettled(AppProcess a, AppProcess b, WebhookReceiver receiver) {
        await("webhook queues empty").atMost(Duration.ofSeconds(20)).until(() -> {
            double sent = 0;
            for (AppProcess app : b == null ? List.of(a) : List.of(a, b)) {
                Scrape scrape = Scrape.of(app.baseUrl());
                if (scrape.value("roomcast_webhook_queue_events") != 0) {
                    return false;
                }
                sent += scrape.value("roomcast_webhook_events_sent_total");
            }
            return b == null || sent == receiver.events().size();
        });
    }

    private static void assertDistinctIdsAndGoodSignatures(WebhookReceiver receiver) {
        assertEquals(List.of(), receiver.failures(), "every request was signed right");
        Set<String> ids = new HashSet<>(receiver.ids());
        assertEquals(receiver.ids().size(), ids.size(), "every event has an id of its own");
    }
}
