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

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.AppProcess;
import dev.roomcast.support.RoomTraffic;
import dev.roomcast.support.Readiness;
import dev.roomcast.support.Scrape;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * What two real instances sharing Redis do, whatever the Redis (one server, or a cluster): A is the packaged app
 * under test, B a second process of the same jar. Members are compared as sets: across instances their order
 * is unspecified. Each subclass provides the Redis and B.
 */
public abstract class CrossInstanceContract {

    @TestHTTPResource("/ws")
    URI a;

    /** The first client must not meet A's Redis link still connecting: readiness includes the canary. */
    @BeforeEach
    void aIsReady() {
        Readiness.await(200);
    }

    /** The second instance, running for the whole class. */
    protected abstract AppProcess b();

    /** The configuration of one more instance on the same Redis. */
    protected abstract java.util.Map<String, String> instanceConfig();

    static Set<String> members(JsonNode joined) {
        Set<String> out = new HashSet<>();
        joined.get("members").forEach(m -> out.add(m.asText()));
        return out;
    }

    static JsonNode join(WsClient client, String room) {
        client.send("type", "join", "room", room);
        return client.next("joined");
    }

    @Test
    void roomTrafficMembersAndNoticesSpanInstances() {
        String room = unique("room");
        Scrape before = Scrape.now(); // instance A's metrics
        try (WsClient alice = WsClient.connect(a, "id=" + unique("alice"));
                WsClient bob = WsClient.connect(b().ws(), "id=" + unique("bob"))) {
            assertEquals(Set.of(alice.user()), members(join(alice, room)));
            assertEquals(Set.of(alice.user(), bob.user()), members(join(bob, room)), "bob on B sees alice on A");
            assertEquals(bob.user(), alice.next("user_joined").get("user").asText());

            alice.send("type", "message", "room", room, "content", "from A");
            assertEquals("from A", alice.next("message").get("content").asText());
            JsonNode atB = bob.next("message");
            assertEquals(alice.user(), atB.get("from").asText());
            assertEquals("from A", atB.get("content").asText());
            bob.send("type", "message", "room", room, "content", "from B");
            assertEquals("from B", alice.next("message").get("content").asText());
            assertEquals("from B", bob.next("message").get("content").asText());
            assertEquals(List.of(), bob.receivedBeforeMarkerFrom(alice), "no duplicate at B");
            assertEquals(List.of(), alice.receivedBeforeMarkerFrom(bob), "no duplicate at A");

            bob.send("type", "leave", "room", room);
            bob.next("left");
            assertEquals(bob.user(), alice.next("user_left").get("user").asText());

            Scrape after = Scrape.now();
            assertTrue(after.since(before, "roomcast_fanout_publish_seconds_count") >= 2, "A published and Redis acked");
            assertTrue(after.since(before, "roomcast_fanout_lag_seconds_count") >= 2, "A received B's message and notice");
        }
    }

    @Test
    void privateAndBroadcastReachEveryInstanceExactlyOnce() {
        String bobId = unique("bob");
        try (WsClient alice = WsClient.connect(a, "id=" + unique("alice"));
                WsClient bobOnA = WsClient.connect(a, "id=" + bobId);
                WsClient bobOnB = WsClient.connect(b().ws(), "id=" + bobId);
                WsClient carol = WsClient.connect(b().ws(), "id=" + unique("carol"))) {
            alice.send("type", "private", "to", bobId, "content", "psst");
            for (WsClient bob : List.of(bobOnA, bobOnB)) {
                JsonNode p = bob.next("private");
                assertEquals(alice.user(), p.get("from").asText());
                assertEquals(List.of(), bob.receivedBeforeMarkerFrom(alice), "exactly once");
            }
            String away = unique("away");
            alice.send("type", "private", "to", away, "content", "kept", "ref", "p");
            assertEquals(away, alice.next("accepted").get("to").asText(), "stored for a user connected nowhere");
            try (WsClient awayOnB = WsClient.connect(b().ws(), "id=" + away + "&inbox_since=0:new-device")) {
                JsonNode kept = awayOnB.next("private");
                assertEquals("kept", kept.get("content").asText());
                assertEquals(1, kept.get("offset").asLong(), "the same inbox on every instance");
            }

            carol.send("type", "broadcast", "content", "all hands");
            for (WsClient client : List.of(alice, bobOnA, bobOnB, carol)) {
                assertEquals("all hands", client.skipTo("broadcast").get("content").asText());
                assertTrue(client.receivedBeforeMarkerFrom(carol).stream()
                        .noneMatch(m -> "broadcast".equals(m.path("type").asText())), "exactly once");
            }
        }
    }

    @Test
    void twoConnectionsOfOneUserOnTwoInstancesSeeEachOthersReadPositions() {
        String user = unique("reader");
        String room = unique("read");
        try (WsClient onA = WsClient.connect(a, "id=" + user + "&room=" + room);
                WsClient onB = WsClient.connect(b().ws(), "id=" + user + "&room=" + room)) {
            String epoch = onA.next("joined").get("epoch").asText();
            onB.next("joined");
            onA.send("type", "message", "room", room, "content", 1, "ref", 1);
            onA.skipTo("accepted");
            onA.send("type", "read", "room", room, "offset", 1, "epoch", epoch);
            onB.send("type", "read", "inbox", true, "offset", 0);
            for (WsClient c : List.of(onA, onB)) {
                List<JsonNode> positions = new ArrayList<>();
                while (positions.size() < 2) {
                    positions.add(c.skipTo("read_position"));
                }
                assertTrue(positions.stream().anyMatch(p -> room.equals(p.path("room").asText()) && p.get("offset").asLong() == 1),
                        () -> "the room's position from A: " + positions);
                assertTrue(positions.stream().anyMatch(p -> p.path("inbox").asBoolean() && p.get("offset").asLong() == 0),
                        () -> "the inbox's position from B: " + positions);
            }
        }
    }

    @Test
    void eachSendersOrderIsKeptAcrossInstances() throws Exception {
        String room = unique("room");
        int perSender = 200;
        List<WsClient> senders = new ArrayList<>();
        List<WsClient> all = new ArrayList<>();
        try {
            for (URI instance : List.of(a, a, b().ws())) {
                WsClient sender = WsClient.connect(instance, "id=" + unique("sender") + "&room=" + room);
                sender.next("joined");
                senders.add(sender);
                all.add(sender);
            }
            for (URI instance : List.of(a, b().ws())) {
                WsClient listener = WsClient.connect(instance, "id=" + unique("listener") + "&room=" + room);
                listener.next("joined");
                all.add(listener);
            }
            RoomTraffic.assertEachSendersOrder(all, senders, room, perSender);
        } finally {
            all.forEach(WsClient::close);
        }
    }

    /** Presence expires after 3 s without refresh (test config), reaped every second. */
    @Test
    void membersOfAKilledInstanceVanishEverywhere() throws Exception {
        String room = unique("room");
        try (AppProcess c = AppProcess.start("instance-c", instanceConfig());
                WsClient alice = WsClient.connect(a, "id=" + unique("alice"));
                WsClient dave = WsClient.connect(c.ws(), "id=" + unique("dave"))) {
            join(dave, room);
            assertEquals(Set.of(alice.user(), dave.user()), members(join(alice, room)));

            long killedAt = System.nanoTime();
            c.kill(); // SIGKILL: no goodbye reaches Redis
            JsonNode left = alice.skipTo("user_left");
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killedAt);
            assertEquals(dave.user(), left.get("user").asText());
            assertTrue(seconds <= 10, "took " + seconds + " s");

            try (WsClient erin = WsClient.connect(b().ws(), "id=" + unique("erin"))) {
                assertEquals(Set.of(alice.user(), erin.user()), members(join(erin, room)), "dave is gone for newcomers too");
            }
        }
    }

    /**
     * Pairs joining one room at once, one member on each instance: a notice from the other instance can reach
     * this one while a join here is between its presence answer and its commit. Each member must still learn of
     * the other, from its {@code joined} list or a {@code user_joined} after it.
     */
    @Test
    void membersJoiningAtOnceOnTwoInstancesLearnOfEachOther() {
        int pairs = 48;
        List<WsClient> clients = new ArrayList<>();
        try {
            List<String> rooms = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                rooms.add(unique("pair"));
                clients.add(WsClient.connect(a, "id=" + unique("on-a")));
                clients.add(WsClient.connect(b().ws(), "id=" + unique("on-b")));
            }
            for (int i = 0; i < 2 * pairs; i++) {
                clients.get(i).send("type", "join", "room", rooms.get(i / 2));
            }
            java.util.Map<WsClient, List<JsonNode>> seen = new java.util.HashMap<>();
            for (WsClient client : clients) {
                seen.put(client, new ArrayList<>(client.receivedUntil("joined")));
            }
            await("every member aware of the other").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .untilAsserted(() -> {
                        List<String> unaware = new ArrayList<>();
                        for (int i = 0; i < 2 * pairs; i++) {
                            WsClient client = clients.get(i);
                            seen.get(client).addAll(client.drain());
                            if (!RoomTraffic.knowsOf(seen.get(client), clients.get(i ^ 1).user())) {
                                unaware.add(client.user() + " of " + clients.get(i ^ 1).user());
                            }
                        }
                        assertTrue(unaware.isEmpty(), unaware.size() + " of " + 2 * pairs + " never learned of the other: " + unaware);
                    });
        } finally {
            clients.forEach(WsClient::close);
        }
    }
}
