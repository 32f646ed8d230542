package dev.roomcast.webhook;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import dev.roomcast.protocol.RawJson;
import dev.roomcast.support.WebhookReceiver;
import dev.roomcast.telemetry.Tracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The sender against a real receiver over real HTTP, on a Vert.x of its own: what is sent, how it is batched,
 * retried, bounded, ordered and counted. Each test builds the sender with the settings it needs.
 */
class WebhookSenderTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final Vertx vertx = Vertx.vertx();
    private final WebhookReceiver receiver = new WebhookReceiver("test-secret");
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final List<WebhookSender> senders = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        receiver.answerOk();
        receiver.start();
        senders.forEach(WebhookSender::close);
        receiver.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void sendsSignedEventsWithTheirFieldsAndNothingElse() {
        WebhookSender sender = sender(new Settings());
        sender.emit(WebhookEvent.room(EventType.MEMBER_JOINED, "lobby", "ann"));
        sender.emit(WebhookEvent.user(EventType.USER_ONLINE, "bob"));
        sender.emit(WebhookEvent.message("lobby", "ann", 41, new RawJson("{\"text\":\"hi\",\"n\":1.50,\"e\":[]}")));

        await("3 events acknowledged").atMost(WAIT).until(() -> receiver.events().size() == 3);
        assertEquals(List.of(), receiver.failures(), "the receiver checked every signature");
        JsonNode joined = receiver.eventsOfType("member_joined").get(0);
        assertEquals(List.of("id", "type", "time", "room", "user", "instance"), fields(joined));
        assertEquals("lobby", joined.get("room").asText());
        assertEquals("ann", joined.get("user").asText());
        assertEquals("instance-a", joined.get("instance").asText());
        assertTrue(Math.abs(System.currentTimeMillis() - joined.get("time").asLong()) < 60_000, joined.toString());
        JsonNode online = receiver.eventsOfType("user_online").get(0);
        assertEquals(List.of("id", "type", "time", "user", "instance"), fields(online));
        JsonNode message = receiver.eventsOfType("message_published").get(0);
        assertEquals(List.of("id", "type", "time", "room", "user", "instance", "offset", "content"), fields(message));
        assertEquals(41, message.get("offset").asLong());
        String bodies = String.join("", receiver.batches().stream().map(WebhookReceiver.Request::body).toList());
        assertTrue(bodies.contains("\"content\":{\"text\":\"hi\",\"n\":1.50,\"e\":[]}"), "content as sent: " + bodies);
        assertEquals(3, new HashSet<>(receiver.ids()).size(), "ids are unique: " + receiver.ids());
        receiver.ids().forEach(id -> assertEquals(id, java.util.UUID.fromString(id).toString()));
        for (WebhookReceiver.Request request : receiver.batches()) {
            assertEquals("application/json", request.contentType());
            assertTrue(request.signature().matches("t=\\d+,v1=[0-9a-f]{64}"), request.signature());
        }
        assertEquals(3, counter("roomcast.webhook.events.sent"));
        assertEquals(3, registry.find("roomcast.webhook.delivery").timer().count(), "a latency per event");
    }

    @Test
    void aSenderWithAnotherSecretIsRefused() {
        WebhookSender sender = sender(new Settings().secret("not-the-receivers").retryFor(Duration.ofMillis(300)));
        sender.emit(WebhookEvent.user(EventType.USER_ONLINE, "bob"));
        await("dropped after the receiver refused it").atMost(WAIT)
                .until(() -> counter("roomcast.webhook.events.dropped", "retries_exhausted") == 1);
        assertTrue(receiver.failures().stream().allMatch(f -> f.startsWith("wrong v1")), receiver.failures().toString());
        assertFalse(receiver.failures().isEmpty());
        assertEquals(List.of(), receiver.events());
        assertTrue(counter("roomcast.webhook.attempts.failed", "status") >= 1);
    }

    @Test
    void batchesWhatWaitsWithinTheEventAndByteBounds() {
        WebhookSender sender = sender(new Settings().lanes(1).maxBatchEvents(10).maxBatchBytes(1500));
        receiver.slow(Duration.ofMillis(200)); // the first POST is in flight while the rest queue behind it
        for (int i = 0; i < 60; i++) {
            sender.emit(WebhookEvent.message("lobby", "ann", i, new RawJson("\"" + "x".repeat(i % 2 == 0 ? 10 : 200) + "\"")));
        }
        await("60 events acknowledged").atMost(WAIT).until(() -> receiver.events().size() == 60);
        List<WebhookReceiver.Request> batches = receiver.batches();
        assertTrue(batches.size() < 60 && batches.size() >= 6, "batched: " + batches.size() + " POSTs");
        for (WebhookReceiver.Request batch : batches) {
            assertTrue(batch.events().size() <= 10, "at most 10 events: " + batch.events().size());
            int eventBytes = batch.body().length() - 1 - batch.events().size(); // less [ ] and commas
            assertTrue(batch.events().size() == 1 || eventBytes <= 1500, "at most 1500 bytes of events: " + eventBytes);
        }
        assertEquals(IntStream.range(0, 60).boxed().toList(), offsets(receiver.events()), "in order");
    }

    @Test
    void retriesAFailedBatchWithTheSameIdsUntilItIsAcknowledged() {
        WebhookSender sender = sender(new Settings());
        receiver.failNext(3);
        for (int i = 0; i < 5; i++) {
            sender.emit(WebhookEvent.message("lobby", "ann", i, new RawJson("1")));
        }
        await("acknowledged after 3 failures").atMost(WAIT).until(() -> receiver.events().size() == 5);
        List<WebhookReceiver.Request> requests = receiver.requests();
        assertEquals(500, requests.get(0).status());
        List<String> firstIds = requests.get(0).ids();
        assertEquals(firstIds, requests.get(3).ids(), "the retried batch is the same batch");
        assertEquals(List.of(500, 500, 500, 200), requests.subList(0, 4).stream().map(WebhookReceiver.Request::status).toList());
        assertEquals(5, new HashSet<>(receiver.ids()).size(), "no duplicate acknowledged: " + receiver.ids());
        assertEquals(3, counter("roomcast.webhook.retries"));
        assertEquals(3, counter("roomcast.webhook.attempts.failed", "status"));
        assertEquals(5, counter("roomcast.webhook.events.sent"));
        assertEquals(0, counter("roomcast.webhook.events.dropped", "retries_exhausted"));
        await("nothing held").atMost(WAIT).until(() -> sender.heldBytes() == 0 && sender.heldEvents() == 0);
    }

    @Test
    void aReceiverThatIsDownGetsEverythingOnceItIsBack() {
        WebhookSender sender = sender(new Settings().backoff(Duration.ofMillis(20), Duration.ofMillis(200)));
        receiver.stop();
        for (int i = 0; i < 20; i++) {
            sender.emit(WebhookEvent.message("room-" + (i % 4), "ann", i, new RawJson("true")));
        }
        await("refused connections counted").atMost(WAIT)
                .until(() -> counter("roomcast.webhook.attempts.failed", "connection") >= 4);
        assertEquals(20, sender.heldEvents());
        receiver.start();
        await("all 20 acknowledged").atMost(WAIT).until(() -> new HashSet<>(receiver.ids()).size() == 20);
        assertEquals(0, counter("roomcast.webhook.events.dropped", "retries_exhausted"));
        assertTrue(counter("roomcast.webhook.retries") >= 4);
    }

    @Test
    void dropsAndCountsABatchOnceItsRetryTimeIsUpThenCarriesOn() {
        WebhookSender sender = sender(new Settings().retryFor(Duration.ofMillis(500))
                .backoff(Duration.ofMillis(20), Duration.ofMillis(100)));
        receiver.stop();
        long start = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            sender.emit(WebhookEvent.message("lobby", "ann", i, new RawJson("null")));
        }
        await("3 dropped").atMost(WAIT).until(() -> counter("roomcast.webhook.events.dropped", "retries_exhausted") == 3);
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(took >= 450, "retried for the budget first: " + took + " ms");
        assertEquals(0, sender.heldEvents());
        assertEquals(0, sender.heldBytes());
        receiver.start();
        sender.emit(WebhookEvent.message("lobby", "ann", 3, new RawJson("null")));
        await("the lane sends again").atMost(WAIT).until(() -> receiver.events().size() == 1);
        assertEquals(List.of(3), offsets(receiver.events()));
    }

    @Test
    void theQueueIsBoundedByBytesAndEmitNeverWaits() throws Exception {
        WebhookSender sender = sender(new Settings().maxQueuedBytes(20_000));
        receiver.stop();
        String content = "\"" + "y".repeat(150) + "\"";
        CountDownLatch emitted = new CountDownLatch(1);
        AtomicLong tookNanos = new AtomicLong();
        vertx.runOnContext(v -> { // on an event loop, as the event sources are
            long start = System.nanoTime();
            for (int i = 0; i < 2000; i++) {
                sender.emit(WebhookEvent.message("room-" + (i % 8), "ann", i, new RawJson(content)));
            }
            tookNanos.set(System.nanoTime() - start);
            emitted.countDown();
        });
        assertTrue(emitted.await(10, TimeUnit.SECONDS), "2000 emits returned");
        assertTrue(tookNanos.get() < TimeUnit.SECONDS.toNanos(2), "emits took " + tookNanos.get() / 1_000_000 + " ms");
        double dropped = counter("roomcast.webhook.events.dropped", "queue_full");
        long held = sender.heldEvents();
        assertTrue(sender.heldBytes() <= 20_000, "held " + sender.heldBytes());
        assertTrue(held > 50 && held < 200, "held " + held + " events of ~300 bytes");
        assertEquals(2000, dropped + held, "every event held or counted");
        assertEquals(sender.heldBytes(), registry.find("roomcast.webhook.queue.bytes").gauge().value());
        receiver.start();
        await("the held ones arrive").atMost(WAIT).until(() -> new HashSet<>(receiver.ids()).size() == held);
        await("the queue empties").atMost(WAIT).until(() -> registry.find("roomcast.webhook.queue.bytes").gauge().value() == 0);
    }

    @Test
    void keepsEachRoomsOrderAcrossLanesUnderRetries() {
        WebhookSender sender = sender(new Settings().lanes(4).maxBatchEvents(7)
                .backoff(Duration.ofMillis(10), Duration.ofMillis(100)));
        receiver.slow(Duration.ofMillis(30));
        receiver.failNext(6);
        int rooms = 12;
        int perRoom = 40;
        for (int i = 0; i < perRoom; i++) {
            if (i == perRoom / 2) {
                receiver.failNext(6);
            }
            for (int r = 0; r < rooms; r++) {
                sender.emit(WebhookEvent.message("room-" + r, "ann", i, new RawJson("0")));
            }
        }
        await("every event acknowledged").atMost(WAIT).until(() -> new HashSet<>(receiver.ids()).size() == rooms * perRoom);
        Map<String, List<Integer>> byRoom = new LinkedHashMap<>();
        for (JsonNode event : receiver.events()) {
            byRoom.computeIfAbsent(event.get("room").asText(), k -> new ArrayList<>()).add(event.get("offset").asInt());
        }
        for (Map.Entry<String, List<Integer>> room : byRoom.entrySet()) {
            assertEquals(IntStream.range(0, perRoom).boxed().toList(), room.getValue(), room.getKey() + " in order");
        }
        assertTrue(counter("roomcast.webhook.retries") >= 6, "retried: " + counter("roomcast.webhook.retries"));
        assertTrue(receiver.mostInFlight() > 1 && receiver.mostInFlight() <= 4,
                "lanes in parallel, one POST each: " + receiver.mostInFlight());
    }

    @Test
    void aSlowReceiverTimesOutAndTheBatchIsRetried() {
        WebhookSender sender = sender(new Settings().requestTimeout(Duration.ofMillis(300)));
        receiver.slow(Duration.ofMillis(1000));
        sender.emit(WebhookEvent.user(EventType.USER_OFFLINE, "ann"));
        await("a timeout counted").atMost(WAIT).until(() -> counter("roomcast.webhook.attempts.failed", "timeout") >= 1);
        receiver.answerOk();
        await("acknowledged").atMost(WAIT).until(() -> sender.heldEvents() == 0);
        assertTrue(receiver.ids().contains(receiver.requests().get(0).ids().get(0)));
    }

    /**
     * One connection and several attempts at once, to a receiver that does not answer: the later ones wait for the
     * connection past their own timeout. They have failed by then, so they must not be sent when they get it:
     * sent, it would have no timer left and hold that connection for as long as the receiver takes, and every later
     * attempt would time out waiting behind it, even once the receiver answers again.
     */
    @Test
    void anAttemptThatTimedOutWaitingForAConnectionIsNeverSentLate() {
        WebhookClient client = new WebhookClient(vertx, new Settings().maxConnections(1)
                .requestTimeout(Duration.ofMillis(300)).build(), new Tracing(OpenTelemetry.noop().getTracer("test")));
        try {
            // the pool has its connection, and the code is warm (a first call can take longer than 300 ms)
            await("a call answered in time").atMost(WAIT).until(() -> post(client, "warm-up").succeeded());
            receiver.slow(Duration.ofSeconds(60)); // answers nothing within the test
            List<Future<Void>> attempts = new CopyOnWriteArrayList<>();
            vertx.runOnContext(v -> { // at once: each after the first waits for the only connection
                for (int i = 0; i < 6; i++) {
                    attempts.add(client.post(batch("room-" + i)));
                }
            });
            await("every attempt timed out").atMost(WAIT)
                    .until(() -> attempts.size() == 6 && attempts.stream().allMatch(Future::failed));
            receiver.answerOk();
            Future<Void> after = post(client, "after");
            assertTrue(after.succeeded(), "the connection is free for the next attempt: " + after.cause());
        } finally {
            client.close();
        }
    }

    /** One attempt of a batch of one event, posted on an event loop as the lanes do; its outcome once it has one. */
    private Future<Void> post(WebhookClient client, String room) {
        CompletableFuture<Future<Void>> done = new CompletableFuture<>();
        vertx.runOnContext(v -> client.post(batch(room)).onComplete(outcome -> done.complete(
                outcome.succeeded() ? Future.succeededFuture() : Future.failedFuture(outcome.cause()))));
        return done.orTimeout(15, TimeUnit.SECONDS).join();
    }

    private static Batch batch(String room) {
        Queue<QueuedEvent> one = new ArrayDeque<>(List.of(new QueuedEvent(new EventEncoder("instance-a")
                .encode(WebhookEvent.room(EventType.MEMBER_JOINED, room, "ann")), System.nanoTime(),
                Context.root())));
        return Batch.take(one, 10, 1 << 20);
    }

    /** Only the status counts: a receiver answering 2xx with a huge body is acknowledged, and its body not read on. */
    @Test
    void aHugeAnswerIsAcknowledgedByItsStatusAndNotReadToTheEnd() throws Exception {
        AtomicReference<String> written = new AtomicReference<>();
        ExecutorService threads = Executors.newCachedThreadPool();
        HttpServer talkative = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        talkative.setExecutor(threads);
        talkative.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                long size = 64L << 20; // far more than the socket buffers hold
                exchange.sendResponseHeaders(200, size);
                byte[] chunk = new byte[64 << 10];
                try (OutputStream out = exchange.getResponseBody()) {
                    for (long sent = 0; sent < size; sent += chunk.length) {
                        out.write(chunk);
                    }
                }
                written.set("all of it");
            } catch (IOException e) {
                written.set("cut short: " + e);
            }
        });
        talkative.start();
        try {
            WebhookSender sender = sender(new Settings()
                    .url("http://127.0.0.1:" + talkative.getAddress().getPort() + "/hooks"));
            sender.emit(WebhookEvent.user(EventType.USER_ONLINE, "ann"));
            await("acknowledged").atMost(WAIT).until(() -> counter("roomcast.webhook.events.sent") == 1);
            await("the receiver's write ended").atMost(WAIT).until(() -> written.get() != null);
            assertTrue(written.get().startsWith("cut short"), "the sender stopped reading: " + written.get());
            assertEquals(0, counter("roomcast.webhook.retries"), "a 2xx is an acknowledgement, whatever follows it");
        } finally {
            talkative.stop(0);
            threads.shutdownNow();
        }
    }

    @Test
    void closeSendsWhatIsQueuedWithinItsTimeThenCountsTheRest() {
        WebhookSender sender = new WebhookSender(vertx, new Settings().shutdownTimeout(Duration.ofSeconds(5)).build(),
                "instance-a", registry, new Tracing(OpenTelemetry.noop().getTracer("test")));
        for (int i = 0; i < 100; i++) {
            sender.emit(WebhookEvent.message("room-" + (i % 5), "ann", i, new RawJson("1")));
        }
        sender.close();
        assertEquals(100, receiver.ids().size(), "sent before close returned");

        SimpleMeterRegistry second = new SimpleMeterRegistry();
        WebhookSender late = new WebhookSender(vertx, new Settings().shutdownTimeout(Duration.ofMillis(500)).build(),
                "instance-a", second, new Tracing(OpenTelemetry.noop().getTracer("test")));
        receiver.stop();
        for (int i = 0; i < 10; i++) {
            late.emit(WebhookEvent.message("lobby", "ann", i, new RawJson("1")));
        }
        io.micrometer.core.instrument.Counter lost = second.find("roomcast.webhook.events.dropped").tag("reason", "shutdown")
                .counter(); // taken now: close unregisters the meters
        long start = System.nanoTime();
        late.close();
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(took >= 450 && took < 3000, "close waited for its timeout: " + took + " ms");
        assertEquals(10, lost.count());
        assertEquals(null, second.find("roomcast.webhook.queue.bytes").gauge(), "meters removed at close");
    }

    private WebhookSender sender(Settings settings) {
        WebhookSender sender = new WebhookSender(vertx, settings.build(), "instance-a", registry,
                new Tracing(OpenTelemetry.noop().getTracer("test")));
        senders.add(sender);
        return sender;
    }

    private double counter(String name) {
        return registry.find(name).counter().count();
    }

    private double counter(String name, String reason) {
        return registry.find(name).tag("reason", reason).counter().count();
    }

    private static List<String> fields(JsonNode event) {
        List<String> names = new ArrayList<>();
        event.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<Integer> offsets(List<JsonNode> events) {
        return events.stream().map(e -> e.get("offset").asInt()).toList();
    }

    /** Test settings: short timeouts and backoff, everything else as the defaults. */
    final class Settings {
        private String url = receiver.url();
        private String secret = receiver.secret();
        private long maxQueuedBytes = 4 << 20;
        private int maxBatchEvents = 100;
        private int maxBatchBytes = 256 << 10;
        private int lanes = 4;
        private int maxConnections = 4;
        private Duration requestTimeout = Duration.ofSeconds(5);
        private Duration retryFor = Duration.ofSeconds(30);
        private Duration backoffMin = Duration.ofMillis(20);
        private Duration backoffMax = Duration.ofMillis(300);
        private Duration shutdownTimeout = Duration.ofSeconds(2);

        Settings url(String value) {
            url = value;
            return this;
        }

        Settings secret(String value) {
            secret = value;
            return this;
        }

        Settings maxQueuedBytes(long value) {
            maxQueuedBytes = value;
            return this;
        }

        Settings maxBatchEvents(int value) {
            maxBatchEvents = value;
            return this;
        }

        Settings maxBatchBytes(int value) {
            maxBatchBytes = value;
            return this;
        }

        Settings lanes(int value) {
            lanes = value;
            return this;
        }

        Settings maxConnections(int value) {
            maxConnections = value;
            return this;
        }

        Settings requestTimeout(Duration value) {
            requestTimeout = value;
            return this;
        }

        Settings retryFor(Duration value) {
            retryFor = value;
            return this;
        }

        Settings backoff(Duration min, Duration max) {
            backoffMin = min;
            backoffMax = max;
            return this;
        }

        Settings shutdownTimeout(Duration value) {
            shutdownTimeout = value;
            return this;
        }

        WebhookSettings build() {
            return new WebhookSettings(URI.create(url), secret, EnumSet.allOf(EventType.class), maxQueuedBytes,
                    50_000, maxBatchEvents, maxBatchBytes, lanes, maxConnections, requestTimeout, retryFor, backoffMin, backoffMax,
                    shutdownTimeout);
        }
    }
}
