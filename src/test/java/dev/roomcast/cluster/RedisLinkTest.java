package dev.roomcast.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.roomcast.cluster.redis.RedisLink;
import dev.roomcast.support.RedisFixture;
import dev.roomcast.support.RedisServer;
import dev.roomcast.support.TestMetrics;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;

/**
 * After Redis restarts, the instances reconnect one after another (within a reconnect interval). A link
 * that is back first holds its commands until the others can have subscribed again, then sends them in
 * order: a publish is late, not lost. And a link that first comes up with channels already wanted (the instance
 * started before its Redis) sends nothing until Redis has confirmed them: its own publishes come back to it.
 */
class RedisLinkTest {

    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();

    /** Long enough that the hold (this plus 250 ms) leaves the late subscriber ample time even on a loaded machine. */
    private static final long RECONNECT_MS = 1_000;

    @Test
    void publishesRightAfterARestartReachSubscribersThatComeBackWithinTheInterval() throws Exception {
        RedisLink link = new RedisLink(REDIS.vertx(), REDIS.client(), "redis", RECONNECT_MS, 5_000,
                TestMetrics.create());
        try {
            link.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(link::isUp);
            REDIS.server().stop();
            await().atMost(Duration.ofSeconds(10)).until(() -> !link.isUp());
            REDIS.server().start(); // empty: nobody is subscribed until each instance reconnects
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(link::isUp);
            List<String> sent = IntStream.range(0, 100).mapToObj(i -> "m" + i).toList();
            sent.forEach(text -> link.send(Request.cmd(Command.PUBLISH).arg("late-subscriber").arg(text)));

            // another instance, whose reconnect came a moment later: it subscribes only now
            List<String> received = new CopyOnWriteArrayList<>();
            RedisConnection other = REDIS.client().connect().toCompletionStage()
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            other.handler(push -> {
                if ("message".equals(push.get(0).toString())) {
                    received.add(push.get(2).toString());
                }
            });
            other.send(Request.cmd(Command.SUBSCRIBE).arg("late-subscriber")).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals(sent, received,
                    "held until the others could subscribe again, then sent in order"));
            other.close();
        } finally {
            link.stop();
        }
    }

    @Test
    void commandsIssuedAsTheLinkFirstComesUpWaitForItsOwnSubscriptions() throws Exception {
        RedisServer late = RedisServer.notStartedOnFreePort();
        Redis client = Redis.createClient(REDIS.vertx(), late.uri());
        RedisLink link = new RedisLink(REDIS.vertx(), client, "redis", RECONNECT_MS, 5_000, TestMetrics.create());
        List<String> received = new CopyOnWriteArrayList<>();
        link.onMessage((channel, payload) -> received.add(payload.toString()));
        List<String> sent = IntStream.range(0, 200).mapToObj(i -> "m" + i).toList();
        // issued the moment the link is up, before the re-subscription can have been confirmed
        link.onReconnect(() -> sent.forEach(text -> link.send(Request.cmd(Command.PUBLISH).arg("wanted-early").arg(text))));
        try {
            link.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            link.subscribe("wanted-early", false); // fails fast (no Redis yet) but stays wanted
            late.start();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(sent, received,
                    "every publish issued as the link came up came back to this instance, in order"));
        } finally {
            link.stop();
            client.close();
            late.close();
        }
    }
}
