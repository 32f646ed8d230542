package dev.roomcast.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.roomcast.protocol.EncodedMessage;
import dev.roomcast.protocol.MessageType;
import dev.roomcast.protocol.ServerMessage;
import dev.roomcast.protocol.ServerMessageEncoder;
import dev.roomcast.session.Session;
import dev.roomcast.support.RecordingTransport;
import dev.roomcast.support.TestMetrics;
import dev.roomcast.telemetry.RoomcastMetrics;

class RoomHubTest {

    private static final RoomcastMetrics METRICS = TestMetrics.create();
    private final RoomHub hub = new RoomHub();
    private final Map<Session, RecordingTransport> transports = new ConcurrentHashMap<>();

    /** What a reservation, commit or leave reported. */
    private record Events(boolean roomCreated, boolean first, List<String> members, boolean last, boolean removed) {
    }

    private Session session(String id, String user) {
        RecordingTransport transport = new RecordingTransport();
        Session session = new Session(id, user, transport, METRICS);
        transports.put(session, transport);
        return session;
    }

    private RecordingTransport transportOf(Session s) {
        return transports.get(s);
    }

    /** Both phases of a join, reporting what the hub said. */
    private Events join(String room, Session s) {
        boolean[] reserved = hub.reserve(room, s, (created, first) -> new boolean[] { created, first });
        AtomicReference<List<String>> members = new AtomicReference<>();
        boolean[] left = new boolean[2];
        hub.commit(room, s, roster -> {
            members.set(roster.members());
            return roster.members();
        }, (last, removed) -> {
            left[0] = last;
            left[1] = removed;
        });
        return new Events(reserved[0], reserved[1], members.get(), left[0], left[1]);
    }

    private Events leave(String room, Session s) {
        boolean[] left = new boolean[2];
        hub.leave(room, s, (last, removed) -> {
            left[0] = last;
            left[1] = removed;
        });
        return new Events(false, false, null, left[0], left[1]);
    }

    private static EncodedMessage text(String s) {
        return new EncodedMessage(s.getBytes(StandardCharsets.UTF_8), MessageType.MESSAGE);
    }

    @Test
    void joinReportsMembersInJoinOrderIncludingTheJoiner() {
        Events first = join("r", session("a1", "alice"));
        assertTrue(first.roomCreated());
        assertEquals(List.of("alice"), first.members());
        Events second = join("r", session("b1", "bob"));
        assertFalse(second.roomCreated());
        assertEquals(List.of("alice", "bob"), second.members());
        assertEquals(List.of("alice", "bob"), hub.roster("r").members());
    }

    @Test
    void aUserWithSeveralConnectionsIsOneMember() {
        Session a1 = session("a1", "alice");
        Session a2 = session("a2", "alice");
        assertTrue(join("r", a1).first());
        assertFalse(join("r", a2).first(), "second connection of a member is not a new member");
        assertEquals(List.of("alice"), hub.roster("r").members());

        assertFalse(leave("r", a1).last(), "alice is still in through a2");
        assertEquals(List.of("alice"), hub.roster("r").members());
        Events lastOut = leave("r", a2);
        assertTrue(lastOut.last());
        assertTrue(lastOut.removed(), "the room is empty and gone");
    }

    @Test
    void aReservationCountsAsAConnectionOfItsUser() {
        Session a1 = session("a1", "alice");
        Session a2 = session("a2", "alice");
        join("r", a1);
        boolean first = hub.reserve("r", a2, (created, isFirst) -> isFirst);
        assertFalse(first);
        assertFalse(leave("r", a1).last(), "a2's join is in flight: alice has not left");
        assertEquals(List.of(), hub.roster("r").members(), "a reserved connection is not a member yet");
        hub.commit("r", a2, roster -> {
            assertEquals(List.of("alice"), roster.members());
            return roster.members();
        }, (last, removed) -> {
            throw new AssertionError("not a leave");
        });
    }

    @Test
    void aSessionClosedDuringItsJoinIsTakenOutAtCommit() {
        Session a = session("a1", "alice");
        hub.reserve("r", a, (created, first) -> null);
        a.markClosed();
        boolean[] reported = new boolean[2];
        hub.commit("r", a, roster -> {
            List<String> members = roster.members();
            throw new AssertionError("a closed session must not join");
        }, (last, removed) -> {
            reported[0] = last;
            reported[1] = removed;
        });
        assertTrue(reported[0] && reported[1]);
        assertEquals(0, hub.roomCount());
    }

    @Test
    void leavingARoomNotJoinedChangesNothing() {
        assertFalse(hub.leave("nowhere", session("a1", "alice"), (l, r) -> { }));
        join("r", session("b1", "bob"));
        assertFalse(hub.leave("r", session("a1", "alice"), (l, r) -> { }));
    }

    @Test
    void emptyRoomsAreRemovedAndSnapshotListsTheRest() {
        Session a = session("a1", "alice");
        join("r", a);
        join("s", session("b1", "bob"));
        assertEquals(2, hub.roomCount());
        leave("r", a);
        assertEquals(1, hub.roomCount());
        assertEquals(List.of(), hub.roster("r").members());
        assertEquals(Map.of("s", List.of("bob")), hub.snapshot());
    }

    /** Presence may already hold a pending join: a re-sync from the snapshot must not release it. */
    @Test
    void snapshotListsJoinsStillPending() {
        join("r", session("a1", "alice"));
        hub.reserve("r", session("b1", "bob"), (created, first) -> null);
        hub.reserve("s", session("c1", "carol"), (created, first) -> null);
        assertEquals(List.of("alice"), hub.roster("r").members(), "bob is not a member yet");
        assertEquals(Map.of("r", List.of("alice", "bob"), "s", List.of("carol")), hub.snapshot());
    }

    /** A membership notice delivered while a join is pending reaches the joiner after its joined, if it is news. */
    @Test
    void noticesDeliveredWhileAJoinIsPendingAreGivenAtItsCommit() {
        Session alice = session("a1", "alice");
        hub.reserve("r", alice, (created, first) -> null);
        join("r", session("d1", "dave")); // commits first: its notice reaches nobody live
        hub.deliver("r", ServerMessageEncoder.encode(new ServerMessage.UserJoined("r", "bob")), null, "bob");
        hub.deliver("r", ServerMessageEncoder.encode(new ServerMessage.UserJoined("r", "dave")), null, "dave");
        hub.deliver("r", ServerMessageEncoder.encode(new ServerMessage.UserLeft("r", "erin")), null, null);
        hub.commit("r", alice, roster -> List.of("alice", "dave", "erin"), (last, removed) -> { }); // as presence told her
        assertEquals(List.of("{\"type\":\"user_joined\",\"room\":\"r\",\"user\":\"bob\"}",
                "{\"type\":\"user_left\",\"room\":\"r\",\"user\":\"erin\"}"), transportOf(alice).texts(),
                "bob is news, dave was listed, erin's leave is news");
    }

    @Test
    void deliverWritesTheSameBytesToEveryoneButTheExcepted() {
        Session a = session("a1", "alice");
        Session b = session("b1", "bob");
        Session c = session("c1", "carol");
        join("r", a);
        join("r", b);
        join("r", c);
        EncodedMessage m = text("{\"type\":\"message\"}");
        hub.deliver("r", m, "b1", null);
        assertSame(m, transportOf(a).sent.get(0), "encoded once, shared by reference");
        assertSame(m, transportOf(c).sent.get(0));
        assertTrue(transportOf(b).sent.isEmpty());
        hub.deliver("missing-room", m, null, null); // no room, no effect, no failure
    }

    /** The commit callback runs under the room lock: nobody can join between a joiner and its notice. */
    @Test
    void commitCallbackSeesTheRoomBeforeTheJoinerIsVisible() throws Exception {
        Session a = session("a1", "alice");
        Session b = session("b1", "bob");
        CountDownLatch insideCallback = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        hub.reserve("r", a, (created, first) -> null);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Future<?> aliceCommits = pool.submit(() -> hub.commit("r", a, roster -> {
            List<String> members = roster.members();
            insideCallback.countDown();
            await(release);
            hub.deliver("r", text("notice about alice"), a.id(), null); // what the dispatcher does for user_joined
            return members;
        }, (l, r) -> { }));
        assertTrue(insideCallback.await(10, TimeUnit.SECONDS), "alice's commit callback never ran");
        Future<?> bobJoins = pool.submit(() -> join("r", b));
        release.countDown();
        aliceCommits.get(10, TimeUnit.SECONDS);
        bobJoins.get(10, TimeUnit.SECONDS);
        assertTrue(transportOf(b).sent.isEmpty(), "bob joined after alice, so he gets no notice about her");
        assertEquals(List.of("alice", "bob"), hub.roster("r").members());
        pool.shutdown();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS), "latch not released");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Many threads joining and leaving at once leave a consistent hub: no lost members, no ghost rooms. */
    @Test
    void concurrentJoinsAndLeavesStayConsistent() throws Exception {
        int threads = 8;
        int rounds = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        Session stayer = session("stay", "stayer");
        join("shared", stayer);
        for (int t = 0; t < threads; t++) {
            Session s = session("s" + t, "user" + t);
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < rounds; i++) {
                    String room = "r" + (i % 3);
                    join(room, s);
                    join("shared", s);
                    hub.deliver("shared", text("x"), null, null);
                    leave(room, s);
                    leave("shared", s);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(List.of("stayer"), hub.roster("shared").members());
        assertEquals(1, hub.roomCount(), "only the room with a remaining member exists");
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
}
