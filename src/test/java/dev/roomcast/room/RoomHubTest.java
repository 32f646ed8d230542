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
import dev.roomcast.session.Session;

class RoomHubTest {

    private final RoomHub hub = new RoomHub();

    private final Map<Session, RecordingTransport> transports = new ConcurrentHashMap<>();

    private Session session(String id, String user) {
        RecordingTransport transport = new RecordingTransport();
        Session session = new Session(id, user, transport);
        transports.put(session, transport);
        return session;
    }

    private RecordingTransport transportOf(Session s) {
        return transports.get(s);
    }

    private List<String> join(String room, Session s) {
        AtomicReference<List<String>> greeted = new AtomicReference<>();
        hub.join(room, s, (members, newMember) -> greeted.set(members));
        return greeted.get();
    }

    /** Joins and returns whether the hub reported a new member. */
    private boolean joinsAsNewMember(String room, Session s) {
        AtomicReference<Boolean> isNew = new AtomicReference<>();
        hub.join(room, s, (members, newMember) -> isNew.set(newMember));
        return isNew.get();
    }

    /** Leaves and returns whether the hub reported that the member left. */
    private boolean leavesAsMember(String room, Session s) {
        AtomicReference<Boolean> left = new AtomicReference<>(false);
        hub.leave(room, s, left::set);
        return left.get();
    }

    private static EncodedMessage text(String s) {
        return new EncodedMessage(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void joinGreetsWithMembersInJoinOrderIncludingTheJoiner() {
        assertEquals(List.of("alice"), join("r", session("a1", "alice")));
        assertEquals(List.of("alice", "bob"), join("r", session("b1", "bob")));
        assertEquals(List.of("alice", "bob"), hub.members("r"));
    }

    @Test
    void aUserWithSeveralConnectionsIsOneMember() {
        Session a1 = session("a1", "alice");
        Session a2 = session("a2", "alice");
        assertTrue(joinsAsNewMember("r", a1));
        assertFalse(joinsAsNewMember("r", a2), "second connection of a member is not a new member");
        assertEquals(List.of("alice"), hub.members("r"));

        assertFalse(leavesAsMember("r", a1), "alice is still in through a2");
        assertEquals(List.of("alice"), hub.members("r"));
        assertTrue(leavesAsMember("r", a2));
    }

    @Test
    void joiningTwiceChangesNothingButGreetsAgain() {
        Session a = session("a1", "alice");
        join("r", a);
        AtomicReference<List<String>> greeted = new AtomicReference<>();
        assertFalse(hub.join("r", a, (members, newMember) -> greeted.set(members)), "already in");
        assertEquals(List.of("alice"), greeted.get());
    }

    /** The join callback runs under the room lock: nobody can join between a joiner and its notice. */
    @Test
    void joinCallbackSeesTheRoomBeforeTheJoinerIsVisible() throws Exception {
        Session a = session("a1", "alice");
        Session b = session("b1", "bob");
        CountDownLatch insideCallback = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<?> aliceJoins = pool.submit(() -> hub.join("r", a, (members, newMember) -> {
            insideCallback.countDown();
            await(release);
            hub.deliver("r", text("notice about alice"), a.id()); // what the dispatcher does for user_joined
        }));
        assertTrue(insideCallback.await(10, TimeUnit.SECONDS), "alice's join callback never ran");
        Future<?> bobJoins = Executors.newSingleThreadExecutor().submit(() -> join("r", b));
        release.countDown();
        aliceJoins.get(10, TimeUnit.SECONDS);
        bobJoins.get(10, TimeUnit.SECONDS);
        assertTrue(transportOf(b).sent.isEmpty(), "bob joined after alice, so he gets no notice about her");
        assertEquals(List.of("alice", "bob"), hub.members("r"));
        pool.shutdown();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS), "latch not released");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void leavingARoomNotJoinedChangesNothing() {
        assertFalse(hub.leave("nowhere", session("a1", "alice"), left -> { }));
        Session b = session("b1", "bob");
        join("r", b);
        assertFalse(hub.leave("r", session("a1", "alice"), left -> { }));
    }

    @Test
    void emptyRoomsAreRemoved() {
        Session a = session("a1", "alice");
        join("r", a);
        assertEquals(1, hub.roomCount());
        hub.leave("r", a, left -> { });
        assertEquals(0, hub.roomCount());
        assertEquals(List.of(), hub.members("r"));
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
        hub.deliver("r", m, "b1");
        assertSame(m, transportOf(a).sent.get(0), "encoded once, shared by reference");
        assertSame(m, transportOf(c).sent.get(0));
        assertTrue(transportOf(b).sent.isEmpty());
        hub.deliver("missing-room", m, null); // no room, no effect, no failure
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
                    hub.join(room, s, (m, n) -> { });
                    hub.join("shared", s, (m, n) -> { });
                    hub.deliver("shared", text("x"), null);
                    hub.leave(room, s, left -> { });
                    hub.leave("shared", s, left -> { });
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(List.of("stayer"), hub.members("shared"));
        assertEquals(1, hub.roomCount(), "only the room with a remaining member exists");
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
}
