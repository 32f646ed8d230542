package dev.roomcast.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.roomcast.cluster.redis.Keys;
import dev.roomcast.cluster.redis.RedisLink;
import dev.roomcast.cluster.redis.SingleRedis;
import dev.roomcast.cluster.redis.RedisPresence;
import dev.roomcast.protocol.ServerMessage;
import dev.roomcast.protocol.ServerMessageEncoder;
import dev.roomcast.support.RedisFixture;
import dev.roomcast.support.TestMetrics;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

/** The contract against a real Redis, plus what only shared presence does: several instances, expiry, re-sync. */
class RedisPresenceTest extends PresenceContractTest {

    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();

    private static final long TTL_MS = 600;
    private static final long REFRESH_MS = 200;
    private final List<RedisLink> links = new ArrayList<>();
    private final List<RedisPresence> presences = new ArrayList<>();
    /** A fresh prefix per test: instances of one test share presence, tests do not. */
    private final String prefix = "test-" + UUID.randomUUID();
    /** Every user_joined / user_left the instances announced, as sent. */
    private final List<String> notices = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopInstances() {
        presences.forEach(RedisPresence::stop);
        links.forEach(RedisLink::stop);
    }

    @Override
    protected Presence newPresence(LocalMembers local) {
        RedisLink link = new RedisLink(REDIS.vertx(), REDIS.client(), "redis", 200, 2_000, TestMetrics.create());
        NoticeRecorder recorder = new NoticeRecorder();
        RedisPresence presence = new RedisPresence(new SingleRedis(link), REDIS.vertx(), local, () -> recorder, transitions,
                UUID.randomUUID().toString(), new Keys(prefix), TTL_MS, REFRESH_MS, LIST_LIMIT);
        presence.start();
        complete(link.start());
        await().atMost(Duration.ofSeconds(10)).until(link::isUp);
        links.add(link);
        presences.add(presence);
        return presence;
    }

    @Test
    void aUserIsAMemberWhileAnyInstanceHoldsIt() {
        Presence one = newPresence();
        Presence two = newPresence();
        assertTrue(complete(one.add("r", "alice")).newMember());
        assertFalse(complete(two.add("r", "alice")).newMember(), "already a member through the other instance");
        assertFalse(complete(one.remove("r", "alice")), "still held by the other instance");
        assertEquals(Set.of("alice"), members(two, "r"));
        assertTrue(complete(two.remove("r", "alice")), "now gone everywhere");
        assertEquals(Set.of(), members(one, "r"));
    }

    @Test
    void leaveAllAnnouncesUsersThatLeftEverywhereOnly() {
        Presence leaving = newPresence();
        Presence staying = newPresence();
        complete(leaving.add("r", "alice"));
        complete(leaving.add("r", "bob"));
        complete(staying.add("r", "bob"));
        complete(leaving.leaveAll());
        assertEquals(Set.of("bob"), members(staying, "r"));
        assertEquals(List.of("{\"type\":\"user_left\",\"room\":\"r\",\"user\":\"alice\"}"), notices);
    }

    /** Several instances holding a user: the cluster's first hold and last drop are heard once, by whoever made them. */
    @Test
    void transitionsAreHeardOnceInTheClusterNotOncePerInstance() {
        Presence one = newPresence();
        Presence two = newPresence();
        complete(one.add("r", "alice"));
        complete(two.add("r", "alice"));
        complete(two.add("r", "bob"));
        complete(one.remove("r", "alice"));
        complete(two.remove("r", "alice"));
        complete(two.remove("r", "bob"));
        assertEquals(List.of("joined r alice 1", "joined r bob 2", "left r alice 1", "left r bob 0"), heard);
    }

    /** A killed instance's last members leave by its reaper: the room's vacating is heard once, from the reaper. */
    @Test
    void aKilledInstancesMembersLeaveOnceThroughTheReaper() {
        RedisPresence dead = (RedisPresence) newPresence();
        Presence alive = newPresence();
        complete(dead.add("r", "carol"));
        complete(alive.add("r", "carol"));
        complete(dead.add("q", "erin"));
        dead.stop(); // no more refreshes, as if killed
        await("erin reaped").atMost(Duration.ofSeconds(10)).until(() -> heard.contains("left q erin 0"));
        assertEquals(List.of("joined r carol 1", "joined q erin 1", "left q erin 0"), heard, "carol is still held by the other");
    }

    /** An instance that stops refreshing (killed) is reaped by the others, and its users announced. */
    @Test
    void aSilentInstanceIsReapedAfterItsTtl() {
        RedisPresence dead = (RedisPresence) newPresence();
        Presence alive = newPresence();
        complete(dead.add("r", "carol"));
        complete(alive.add("r", "dave"));
        dead.stop(); // no more refreshes, as if killed
        await().atMost(Duration.ofSeconds(10)).until(() -> members(alive, "r").equals(Set.of("dave")));
        await().atMost(Duration.ofSeconds(5)).until(
                () -> notices.contains("{\"type\":\"user_left\",\"room\":\"r\",\"user\":\"carol\"}"));
    }

    /**
     * A leave not waited for and a join right after, then the instance is killed: the member it still held is reaped
     * (the held set must still list it, whatever the order the two were recorded in).
     */
    @Test
    void aLeaveAndARejoinThenAKillLeaveNoGhostMember() {
        RedisPresence dead = (RedisPresence) newPresence();
        Presence alive = newPresence();
        complete(dead.add("r", "carol"));
        Future<Boolean> removed = dead.remove("r", "carol"); // not awaited, as Membership does
        complete(dead.add("r", "carol"));
        complete(removed);
        dead.stop(); // no more refreshes, as if killed
        await("carol reaped").atMost(Duration.ofSeconds(10)).until(() -> members(alive, "r").equals(Set.of()));
    }

    /**
     * A reaper that claimed a dead instance and then died itself (its lease runs out) leaves the job to the others:
     * the dead instance's members are reaped all the same.
     */
    @Test
    void aDeadInstanceIsReapedAgainWhenItsReaperGaveUp() {
        RedisPresence dead = (RedisPresence) newPresence();
        complete(dead.add("r", "dan"));
        dead.stop();
        String reaping = prefix + ":reaping:{reg}";
        String instances = prefix + ":instances:{reg}";
        await("the dead instance registered").atMost(Duration.ofSeconds(5)).until(() -> REDIS.command(
                Request.cmd(Command.ZRANGEBYSCORE).arg(instances).arg("-inf").arg("+inf")).size() == 1);
        // as if a reaper had claimed it and died: moved to reaping with a lease that has run out
        String incarnation = REDIS.command(Request.cmd(Command.ZRANGE).arg(instances).arg(0).arg(-1)).get(0).toString();
        REDIS.command(Request.cmd(Command.ZREM).arg(instances).arg(incarnation));
        REDIS.command(Request.cmd(Command.ZADD).arg(reaping).arg(0).arg(incarnation));
        Presence alive = newPresence();
        await("dan reaped by the next claim").atMost(Duration.ofSeconds(10)).until(() -> members(alive, "r").equals(Set.of()));
        await("and the reaping finished").atMost(Duration.ofSeconds(5))
                .until(() -> REDIS.command(Request.cmd(Command.ZCARD).arg(reaping)).toLong() == 0);
    }

    /** Scripts run by SHA; a Redis that forgot them (restart, SCRIPT FLUSH) is given the text again. */
    @Test
    void scriptsStillRunAfterRedisForgotThem() {
        Presence presence = newPresence();
        complete(presence.add("r", "alice"));
        REDIS.command(Request.cmd(Command.SCRIPT).arg("FLUSH"));
        assertTrue(complete(presence.add("r", "bob")).newMember());
        assertEquals(Set.of("alice", "bob"), members(presence, "r"));
    }

    /** After Redis lost everything, an instance re-tells its local truth and announces who came back, to the others. */
    @Test
    void anInstanceRetellsItsMembersWhenRedisLostThem() {
        Presence presence = newPresence(() -> Map.of("r", List.of("erin")));
        complete(presence.add("r", "erin"));
        REDIS.command(Request.cmd(Command.FLUSHALL));
        await().atMost(Duration.ofSeconds(10)).until(() -> members(presence, "r").equals(Set.of("erin")));
        await().atMost(Duration.ofSeconds(5)).until(
                () -> notices.contains("except erin: {\"type\":\"user_joined\",\"room\":\"r\",\"user\":\"erin\"}"));
    }

    /**
     * A join right after Redis lost everything registers the instance again; that must not hide the loss from
     * the next refresh: the instance's other members are re-told all the same.
     */
    @Test
    void aJoinRightAfterRedisLostItsDataDoesNotHideTheLoss() {
        List<String> here = new CopyOnWriteArrayList<>(List.of("erin"));
        Presence presence = newPresence(() -> Map.of("r", List.copyOf(here)));
        complete(presence.add("r", "erin"));
        REDIS.command(Request.cmd(Command.FLUSHALL));
        here.add("frank");
        complete(presence.add("r", "frank")); // before any refresh could notice
        await().atMost(Duration.ofSeconds(10)).until(() -> members(presence, "r").equals(Set.of("erin", "frank")));
    }

    /** What presence announced, written as the notices small rooms get. */
    private final class NoticeRecorder implements Notices {
        @Override
        public Future<Void> joined(String room, String user, long count) {
            notices.add("except " + user + ": " + text(new ServerMessage.UserJoined(room, user)));
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> left(String room, String user, long count) {
            notices.add(text(new ServerMessage.UserLeft(room, user)));
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> flush() {
            return Future.succeededFuture();
        }

        private String text(ServerMessage message) {
            return new String(ServerMessageEncoder.encode(message).utf8(), StandardCharsets.UTF_8);
        }
    }
}
