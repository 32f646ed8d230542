package dev.roomcast.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.roomcast.cluster.redis.Keys;
import dev.roomcast.cluster.redis.SingleRedis;
import dev.roomcast.cluster.redis.RedisFanout;
import dev.roomcast.cluster.redis.RedisLink;
import dev.roomcast.support.RecordingTransport;
import dev.roomcast.support.RedisFixture;
import dev.roomcast.support.TestMetrics;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

/** The contract against a real Redis, plus what only a shared fan-out does: several nodes, interest, outages. */
class RedisFanoutTest extends FanoutContractTest<RedisFanout> {

    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();

    private static final long TIMEOUT_MS = 1_000;
    private final List<RedisLink> links = new ArrayList<>();
    /** A fresh prefix per test: nodes of one test share channels, tests do not. */
    private final Keys channels = new Keys("test-" + UUID.randomUUID());

    @AfterEach
    void closeLinks() {
        links.forEach(RedisLink::stop);
    }

    @Override
    protected RedisFanout newFanout(LocalRecipients local) {
        String id = UUID.randomUUID().toString();
        RedisLink link = new RedisLink(REDIS.vertx(), REDIS.client(), "redis", 200, TIMEOUT_MS, METRICS);
        link.canary(channels.canary(id, "redis"), 200);
        RedisFanout fanout = new RedisFanout(local, id, channels, new SingleRedis(link), METRICS,
                TestMetrics.noTracing(), REDIS.vertx());
        fanout.start();
        link.start();
        links.add(link);
        await().atMost(Duration.ofSeconds(10)).until(fanout::available); // its canary came back
        return fanout;
    }

    @Test
    void knowsAUserConnectedOnAnotherNode() {
        Node one = new Node();
        Node two = new Node();
        two.connect("grace");
        assertTrue(complete(one.fanout.hasUser("grace")));
        assertFalse(complete(one.fanout.hasUser("nobody")));
    }

    @Test
    void listsAndClosesAUsersConnectionsOnEveryNode() {
        Node one = new Node();
        Node two = new Node();
        Node three = new Node();
        Client here = one.connectSession("judy");
        Client there = two.connectSession("judy");
        Client also = three.connectSession("judy");
        UserConnections listed = complete(one.fanout.connectionsOf("judy"));
        assertTrue(listed.complete(), "every instance with a connection answered");
        assertEquals(java.util.Set.of(here.session().id(), there.session().id(), also.session().id()),
                listed.connections().stream().map(UserConnections.Connection::id).collect(java.util.stream.Collectors.toSet()));
        assertEquals(3, listed.connections().stream().map(UserConnections.Connection::instance).distinct().count());
        UserConnections fromElsewhere = complete(new Node().fanout.connectionsOf("judy"));
        assertEquals(3, fromElsewhere.connections().size(), "asked from an instance without one");

        assertEquals(3, complete(two.fanout.disconnect("judy", 4010, "moderated")).connections().size());
        assertEquals(4010, here.transport().closedWith);
        assertEquals(4010, there.transport().closedWith);
        assertEquals(4010, also.transport().closedWith);
    }

    @Test
    void roomTrafficReachesEveryNodeExactlyOnceInOrder() {
        Node one = new Node();
        Node two = new Node();
        Client a = one.connectSession("alice");
        Client b = two.connectSession("bob");
        one.join("r", a);
        two.join("r", b);
        List<String> sent = IntStream.range(0, 300).mapToObj(i -> "m" + i).toList();
        sent.forEach(text -> one.fanout.toRoom("r", message(text), null));
        complete(one.fanout.toRoom("r", message("end"), null));
        List<String> all = new ArrayList<>(sent);
        all.add("end");
        awaitTexts(b.transport(), all);
        awaitTexts(a.transport(), all); // delivered here once by the origin, its own echo ignored
    }

    @Test
    void aNoticeAboutAUserSkipsThatUsersConnectionsOnEveryNode() {
        Node one = new Node();
        Node two = new Node();
        Client aliceThere = two.connectSession("alice");
        Client bobThere = two.connectSession("bob");
        Client carolHere = one.connectSession("carol");
        two.join("r", aliceThere);
        two.join("r", bobThere);
        one.join("r", carolHere);
        complete(one.fanout.toRoomExceptUser("r", message("about alice"), "alice"));
        complete(one.fanout.toRoom("r", message("end"), null));
        awaitTexts(bobThere.transport(), List.of("about alice", "end"));
        awaitTexts(carolHere.transport(), List.of("about alice", "end"));
        awaitTexts(aliceThere.transport(), List.of("end"));
    }

    @Test
    void userAndBroadcastTrafficCrossNodes() {
        Node one = new Node();
        Node two = new Node();
        RecordingTransport daveThere = two.connect("dave");
        RecordingTransport erinHere = one.connect("erin");
        assertTrue(complete(one.fanout.toUser("dave", message("psst"))), "dave exists on the other node");
        complete(one.fanout.toAll(message("all")));
        awaitTexts(daveThere, List.of("psst", "all"));
        awaitTexts(erinHere, List.of("all"));
    }

    /** An instance subscribes to a room only while it has a connection there; no pattern subscriptions. */
    @Test
    void roomChannelsFollowLocalInterest() {
        Node one = new Node();
        Node two = new Node();
        Client a = one.connectSession("alice");
        Client b = two.connectSession("bob");
        String channel = channels.room("r");
        assertEquals(0, subscribers(channel));
        one.join("r", a);
        assertEquals(1, subscribers(channel));
        two.join("r", b);
        assertEquals(2, subscribers(channel));
        one.leave("r", a);
        await().atMost(Duration.ofSeconds(10)).until(() -> subscribers(channel) == 1);
        assertEquals(0, REDIS.command(Request.cmd(Command.PUBSUB).arg("NUMPAT")).toLong(), "no pattern subscriptions");
    }

    @Test
    void whileRedisIsDownLocalDeliveryContinuesAndCallersAreTold() throws Exception {
        Node node = new Node();
        Client a = node.connectSession("alice");
        node.join("r", a);
        REDIS.server().stop();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> !node.fanout.available());
            ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> node.fanout.toRoom("r", message("local only"), null).toCompletionStage().toCompletableFuture()
                            .get(10, TimeUnit.SECONDS));
            assertInstanceOf(FanoutUnavailableException.class, failure.getCause());
            awaitTexts(a.transport(), List.of("local only"));
        } finally {
            REDIS.server().start();
        }
        await().atMost(Duration.ofSeconds(5)).until(node.fanout::available);
        complete(node.fanout.toRoom("r", message("back"), null));
        awaitTexts(a.transport(), List.of("local only", "back"));
    }

    /** A hung Redis keeps the connection open; a call someone waits on must still end, with local delivery done. */
    @Test
    void aHungRedisDoesNotStallAWaitingCaller() throws Exception {
        Node node = new Node();
        RecordingTransport dave = node.connect("dave");
        REDIS.server().freeze();
        try {
            long start = System.nanoTime();
            ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> node.fanout.toUser("dave", message("psst")).toCompletionStage().toCompletableFuture()
                            .get(10, TimeUnit.SECONDS));
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertInstanceOf(FanoutTimeoutException.class, failure.getCause(), "sent, not answered: maybe delivered");
            // the canary (every 200 ms here) notices within ~600 ms, before the 1 s command timeout
            assertTrue(tookMs < TIMEOUT_MS + 3_000, "gave up after " + tookMs + " ms");
            assertEquals(List.of("psst"), texts(dave), "delivered here regardless");
        } finally {
            REDIS.server().thaw();
        }
    }

    private long subscribers(String channel) {
        return REDIS.command(Request.cmd(Command.PUBSUB).arg("NUMSUB").arg(channel)).get(1).toLong();
    }
}
