package dev.roomcast.client;

import static dev.roomcast.client.support.Ids.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.roomcast.client.RoomcastListener.State;
import dev.roomcast.client.RoomcastListener.Stream;
import dev.roomcast.client.support.Paced;
import dev.roomcast.client.support.Recorder;
import dev.roomcast.client.support.RedisServer;
import dev.roomcast.client.support.Scrape;
import dev.roomcast.client.support.ServerProcess;
import dev.roomcast.client.support.TestTokens;

/** The Java client against the packaged server: the same scenarios as the JavaScript client's (the server's JsClientIT). */
public class JavaClientIT {

    private static final int MESSAGES = 300;
    /** The server's default request and byte rates (the test profile lifts them). */
    static final Map<String, String> DEFAULT_RATES = Map.of("%test.roomcast.security.messages-per-second", "100",
            "%test.roomcast.security.message-burst", "200", "%test.roomcast.security.bytes-per-second", "262144",
            "%test.roomcast.security.byte-burst", "524288");
    static final String API_KEY = "client-test-key-0123456789";

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    /** The server's default request and byte rates: a backlog of big messages must be paced to get through. */
    @Test
    void aBacklogOfBigMessagesGoesOutUnderTheServerByteRate() throws Exception {
        try (ServerProcess app = ServerProcess.start("java-client-backlog", DEFAULT_RATES)) {
            String room = unique("big");
            Recorder events = new Recorder();
            try (RoomcastClient client = RoomcastClient.builder(app.wsUrl()).user(unique("big")).listener(events).build()) {
                get(client.connect());
                get(client.join(room));
                String big = "x".repeat(30_000); // 24 of them are 720 KB: over the server's 512 KiB byte burst
                List<CompletableFuture<Long>> sent = IntStream.range(0, 24).mapToObj(i -> client.send(room, big + i)).toList();
                Set<Long> offsets = new java.util.HashSet<>();
                for (CompletableFuture<Long> s : sent) {
                    offsets.add(s.get(30, TimeUnit.SECONDS));
                }
                assertEquals(24, offsets.size(), "every message accepted once");
                assertEquals(List.of(State.CONNECTING, State.OPEN),
                        events.states.stream().map(state -> State.values()[state[0]]).toList(), "never closed or reconnected");
            }
        }
    }

    @Test
    void talksInRoomsPrivatelyAndToEveryone() throws Exception {
        try (ServerProcess app = ServerProcess.start("java-client-basic", Map.of("roomcast.api.keys", API_KEY))) {
            String room = unique("lobby");
            Recorder atAlice = new Recorder();
            Recorder atBob = new Recorder();
            try (RoomcastClient alice = RoomcastClient.builder(app.wsUrl()).user(unique("alice")).listener(atAlice).build();
                    RoomcastClient bob = RoomcastClient.builder(app.wsUrl()).user(unique("bob")).batch(true).listener(atBob)
                            .build()) {
                assertEquals(alice.user(), get(alice.connect()));
                get(bob.connect());
                assertEquals(Set.of(alice.user()), get(alice.join(room)).members());
                assertEquals(Set.of(alice.user(), bob.user()), get(bob.join(room)).members());
                await("alice hears bob join").atMost(Duration.ofSeconds(10))
                        .until(() -> atAlice.presence.stream().anyMatch(p -> p.joined().contains(bob.user())));

                List<CompletableFuture<Long>> sent = IntStream.range(0, 20).mapToObj(i -> alice.send(room, Map.of("n", i))).toList();
                List<Long> offsets = new ArrayList<>();
                for (CompletableFuture<Long> s : sent) {
                    offsets.add(get(s));
                }
                for (int i = 1; i < offsets.size(); i++) {
                    assertEquals(offsets.get(i - 1) + 1, offsets.get(i), "consecutive offsets");
                }
                await("bob gets 20 messages").atMost(Duration.ofSeconds(10)).until(() -> atBob.numbers().size() == 20);
                assertEquals(IntStream.range(0, 20).boxed().toList(), atBob.numbers());

                long psst = get(alice.privateMessage(bob.user(), "psst"));
                await("bob gets the private message").atMost(Duration.ofSeconds(10)).until(() -> !atBob.privates.isEmpty());
                assertEquals("psst", atBob.privates.get(0).content().asText());
                assertEquals(psst, atBob.privates.get(0).offset(), "accepted with its offset in bob's inbox");
                assertTrue(get(alice.privateMessage(unique("nobody"), "x")) > 0, "stored for a user never seen: no unknown_user");

                long hello = get(alice.broadcast("hello all"));
                await("both get the broadcast").atMost(Duration.ofSeconds(10))
                        .until(() -> !atAlice.broadcasts.isEmpty() && !atBob.broadcasts.isEmpty());
                assertEquals(hello, atBob.broadcasts.get(0).offset(), "accepted with its offset in the broadcast stream");

                get(bob.leave(room));
                await("alice hears bob leave").atMost(Duration.ofSeconds(10))
                        .until(() -> atAlice.presence.stream().anyMatch(p -> p.left().contains(bob.user()) && p.count() == 1));

                // Disconnected by a backend (4004): the client stops instead of coming back.
                java.net.http.HttpResponse<String> kicked = java.net.http.HttpClient.newHttpClient().send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(app.baseUrl() + "/api/v1/users/" + bob.user() + "/connections"))
                                .header("Authorization", "Bearer " + API_KEY).DELETE().build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertEquals(200, kicked.statusCode(), kicked.body());
                await("bob's client closed").atMost(Duration.ofSeconds(10)).until(() -> bob.state() == State.CLOSED);
                assertEquals(List.of(), atBob.reconnectCodes(), "no reconnect after 4004");
            }
        }
    }

    @Test
    void aDrainedInstancesClientResumesOnTheOtherLosingAndRepeatingNothing() throws Exception {
        failover("drain");
    }

    @Test
    void aKilledInstancesClientReconnectsWithBackoff() throws Exception {
        failover("kill");
    }

    @Test
    void aFrozenInstancesClientGivesUpOnTheSilentLinkAndReconnects() throws Exception {
        failover("freeze");
    }

    @Test
    void anExpiredTokenIsReplacedFromTheTokenSupplier() throws Exception {
        try (ServerProcess app = ServerProcess.start("java-client-token", TestTokens.serverConfig())) {
            Instant now = Instant.now();
            List<String> tokens = List.of(TestTokens.token("tokened", now.plusSeconds(3)),
                    TestTokens.token("tokened", now.plusSeconds(600)));
            AtomicInteger calls = new AtomicInteger();
            Recorder events = new Recorder();
            try (RoomcastClient client = RoomcastClient.builder(app.wsUrl())
                    .token(() -> tokens.get(Math.min(calls.getAndIncrement(), 1))).backoff(Duration.ofMillis(100), Duration.ofSeconds(1))
                    .listener(events).build()) {
                assertEquals("tokened", get(client.connect()));
                get(client.join("lobby"));
                await("closed with 4003 and open again").atMost(Duration.ofSeconds(15))
                        .until(() -> events.reconnectCodes().contains(4003) && client.state() == State.OPEN);
                assertEquals(2, calls.get(), "the supplier asked again for the new connection");
                await("lobby joined again").atMost(Duration.ofSeconds(10)).until(() -> events.presence.size() >= 2);
                assertTrue(get(client.send("lobby", "still here")) > 0);
            }
        }
    }

    /** A refused upgrade (a bad or reserved id) ends the client with the server's reason and code: no second attempt. */
    @Test
    void aRefusedIdEndsTheClientWithTheReason() throws Exception {
        try (ServerProcess app = ServerProcess.start("java-client-refusal", Map.of())) {
            String base = app.baseUrl();
            for (String user : List.of("has space", "server")) {
                Scrape before = Scrape.of(base);
                Recorder events = new Recorder();
                try (RoomcastClient client = RoomcastClient.builder(app.wsUrl()).user(user)
                        .backoff(Duration.ofMillis(20), Duration.ofMillis(50)).listener(events).build()) {
                    ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                            () -> get(client.connect()));
                    RoomcastException refused = assertInstanceOf(RoomcastException.class, failed.getCause());
                    assertEquals("invalid_id", refused.code(), refused.getMessage());
                    await("closed with 4400").atMost(Duration.ofSeconds(5)).until(() -> events.states.stream()
                            .anyMatch(s -> s[0] == State.CLOSED.ordinal() && s[1] == 4400));
                    assertEquals(List.of("invalid_id"), events.errors.stream().map(RoomcastException::code).toList());
                    // Only the absence of a retry is left to show, and that takes time: 1 s is 20 backoff ceilings.
                    await("no reconnect").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
                            .until(() -> events.reconnectCodes().isEmpty() && client.state() == State.CLOSED);
                    assertEquals(1, Scrape.of(base).since(before,
                            "roomcast_connections_total{outcome=\"rejected\",reason=\"invalid_id\"}"), "one upgrade");
                }
            }
        }
    }

    private static void failover(String scenario) throws Exception {
        try (RedisServer redis = RedisServer.startOnFreePort()) {
            Map<String, String> cluster = new HashMap<>(Map.of("roomcast.fanout.type", "redis", "quarkus.redis.hosts",
                    redis.uri(), "roomcast.drain.reconnect-spread", "500ms"));
            try (ServerProcess a = ServerProcess.start("java-client-" + scenario + "-a", cluster);
                    ServerProcess b = ServerProcess.start("java-client-" + scenario + "-b", cluster)) {
                String room = unique("failover");
                Recorder atSender = new Recorder();
                Recorder atObserver = new Recorder();
                try (RoomcastClient sender = RoomcastClient.builder(a.wsUrl(), b.wsUrl()).user(unique("sender"))
                        .backoff(Duration.ofMillis(200), Duration.ofSeconds(5))
                        .heartbeat(Duration.ofMillis(250), Duration.ofMillis(1500)).listener(atSender).build();
                        RoomcastClient observer = RoomcastClient.builder(b.wsUrl()).user(unique("observer")).listener(atObserver)
                                .build()) {
                    get(sender.connect());
                    get(observer.connect());
                    get(observer.join(room));
                    get(sender.join(room));
                    List<CompletableFuture<Long>> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
                    List<CompletableFuture<Long>> toSender = java.util.Collections.synchronizedList(new ArrayList<>());
                    // a steady sender, not a burst, and privates and broadcasts to it from B while it moves; A is
                    // signalled a third of the way through
                    try (Paced steady = Paced.start(MESSAGES, Duration.ofMillis(5), i -> {
                        accepted.add(sender.send(room, Map.of("n", i)));
                        if (i % 2 == 0) {
                            toSender.add(observer.privateMessage(sender.user(), Map.of("n", i)));
                        }
                        if (i % 10 == 0) {
                            toSender.add(observer.broadcast(Map.of("n", i)));
                        }
                        if (i == MESSAGES / 3) {
                            a.signal(Map.of("drain", "TERM", "kill", "KILL", "freeze", "STOP").get(scenario));
                        }
                        return true;
                    })) {
                        steady.awaitAll(Duration.ofSeconds(30));
                        CompletableFuture.allOf(accepted.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
                        CompletableFuture.allOf(toSender.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
                    } finally {
                        if (scenario.equals("freeze")) {
                            a.signal("CONT");
                        }
                    }
                    assertEquals(MESSAGES, accepted.stream().map(CompletableFuture::join).distinct().count(), "one offset each");
                    List<Integer> all = IntStream.range(0, MESSAGES).boxed().toList();
                    await("the observer gets every message").atMost(Duration.ofSeconds(10))
                            .until(() -> atObserver.numbers().size() >= MESSAGES);
                    assertEquals(all, atObserver.numbers(), "every message once, in order");
                    await("the sender gets its own").atMost(Duration.ofSeconds(10)).until(() -> atSender.numbers().size() >= MESSAGES);
                    assertEquals(all, atSender.numbers(), "the sender too: no gap, no duplicate");
                    int expected = Map.of("drain", 1001, "kill", 1006, "freeze", CloseCodes.HEARTBEAT_LOST).get(scenario);
                    assertEquals(expected, atSender.reconnectCodes().get(0), "why it reconnected");
                    assertEquals(State.OPEN, sender.state());
                    assertTrue(!atSender.resumed.isEmpty() && atSender.resumed.stream().allMatch(r -> r), "resumed from history");

                    // The sender's inbox and the broadcast stream resumed too: each once, in order, nothing lost.
                    List<Integer> even = IntStream.range(0, MESSAGES).filter(i -> i % 2 == 0).boxed().toList();
                    await("the sender gets every private").atMost(Duration.ofSeconds(10))
                            .until(() -> atSender.privateNumbers().size() >= even.size());
                    assertEquals(even, atSender.privateNumbers(), "every private once, in order");
                    List<Integer> tens = IntStream.range(0, MESSAGES).filter(i -> i % 10 == 0).boxed().toList();
                    await("the sender gets every broadcast").atMost(Duration.ofSeconds(10))
                            .until(() -> atSender.broadcasts.size() >= tens.size());
                    assertEquals(tens, atSender.broadcasts.stream().map(m -> m.content().path("n").asInt()).toList(),
                            "every broadcast once, in order");
                    assertTrue(atSender.streamsResumed.stream().anyMatch(r -> r.stream() == Stream.INBOX && r.recovered()),
                            "the inbox resumed: " + atSender.streamsResumed);
                    assertTrue(atSender.streamsResumed.stream().allMatch(Recorder.StreamResumed::recovered),
                            "nothing lost: " + atSender.streamsResumed);
                }
            }
        }
    }
}
