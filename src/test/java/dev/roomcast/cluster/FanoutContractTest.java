package dev.roomcast.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.roomcast.protocol.EncodedMessage;
import dev.roomcast.protocol.MessageType;
import dev.roomcast.room.HubDelivery;
import dev.roomcast.room.RoomHub;
import dev.roomcast.session.Session;
import dev.roomcast.session.SessionRegistry;
import dev.roomcast.support.RecordingTransport;
import dev.roomcast.support.TestMetrics;
import dev.roomcast.telemetry.RoomcastMetrics;
import io.vertx.core.Future;

/**
 * What every fan-out ({@link Publishing}, {@link Watching}, {@link UserDirectory}, {@link LinkHealth}) must do
 * for the connections of the instance it runs on. Each implementation's test extends this; cross-instance
 * behaviour is tested where it exists.
 */
public abstract class FanoutContractTest<F extends Publishing & Watching & UserDirectory & LinkHealth> {

    private static final AtomicInteger IDS = new AtomicInteger();
    protected static final RoomcastMetrics METRICS = TestMetrics.create();

    /** A fan-out delivering through {@code local}. */
    protected abstract F newFanout(LocalRecipients local);

    /** One instance's delivery side: hub, sessions and its fan-out. */
    protected final class Node {
        final RoomHub hub = new RoomHub();
        final SessionRegistry sessions = new SessionRegistry();
        final F fanout = newFanout(new HubDelivery(hub, sessions, METRICS, TestMetrics.noTracing()));

        /** A connected client; its transport records what it was sent. */
        RecordingTransport connect(String user) {
            return connectSession(user).transport;
        }

        Client connectSession(String user) {
            RecordingTransport transport = new RecordingTransport();
            Session session = new Session("s" + IDS.incrementAndGet(), user, transport, METRICS);
            Future<Void>[] watched = new Future[] { Future.succeededFuture() };
            sessions.add(session, () -> watched[0] = fanout.watchUser(user));
            complete(watched[0]);
            return new Client(session, transport);
        }

        /** Joins the way the dispatcher does: subscribe when the room is new here, then commit. */
        void join(String room, Client client) {
            complete(hub.reserve(room, client.session,
                    (created, first) -> created ? fanout.watchRoom(room) : Future.<Void>succeededFuture()));
            hub.commit(room, client.session, roster -> roster.members(), (last, removed) -> { });
        }

        void leave(String room, Client client) {
            hub.leave(room, client.session, (last, removed) -> {
                if (removed) {
                    fanout.unwatchRoom(room);
                }
            });
        }
    }

    protected record Client(Session session, RecordingTransport transport) {
    }

    protected static EncodedMessage message(String text) {
        return new EncodedMessage(text.getBytes(StandardCharsets.UTF_8), MessageType.MESSAGE);
    }

    protected static List<String> texts(RecordingTransport transport) {
        return transport.sent.stream().map(m -> new String(m.utf8(), StandardCharsets.UTF_8)).toList();
    }

    protected static <T> T complete(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("future did not complete: " + e, e);
        }
    }

    /** Waits until the transport holds exactly these texts, in this order. */
    protected static void awaitTexts(RecordingTransport transport, List<String> expected) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(expected, texts(transport)));
    }

    @Test
    void roomMessageReachesEveryConnectionInTheRoomOnceExceptTheExcluded() {
        Node node = new Node();
        Client a = node.connectSession("alice");
        Client b = node.connectSession("bob");
        Client outsider = node.connectSession("carol");
        node.join("r", a);
        node.join("r", b);
        complete(node.fanout.toRoom("r", message("one"), null));
        complete(node.fanout.toRoom("r", message("two"), a.session().id()));
        awaitTexts(a.transport(), List.of("one"));
        awaitTexts(b.transport(), List.of("one", "two"));
        assertTrue(outsider.transport().sent.isEmpty());
    }

    /** A notice about a user (user_joined after a re-sync) reaches the others, none of that user's connections. */
    @Test
    void aNoticeAboutAUserSkipsEveryConnectionOfThatUser() {
        Node node = new Node();
        Client a1 = node.connectSession("alice");
        Client a2 = node.connectSession("alice");
        Client b = node.connectSession("bob");
        node.join("r", a1);
        node.join("r", a2);
        node.join("r", b);
        complete(node.fanout.toRoomExceptUser("r", message("about alice"), "alice"));
        complete(node.fanout.toRoom("r", message("to all"), null));
        awaitTexts(b.transport(), List.of("about alice", "to all"));
        awaitTexts(a1.transport(), List.of("to all"));
        awaitTexts(a2.transport(), List.of("to all"));
    }

    @Test
    void userMessageReachesEveryConnectionOfTheUserAndSaysWhetherThereWasOne() {
        Node node = new Node();
        RecordingTransport d1 = node.connect("dave");
        RecordingTransport d2 = node.connect("dave");
        RecordingTransport other = node.connect("erin");
        assertTrue(complete(node.fanout.toUser("dave", message("psst"))));
        assertFalse(complete(node.fanout.toUser("nobody", message("?"))));
        awaitTexts(d1, List.of("psst"));
        awaitTexts(d2, List.of("psst"));
        assertTrue(other.sent.isEmpty());
    }

    @Test
    void knowsWhetherAUserIsConnected() {
        Node node = new Node();
        node.connect("frank");
        assertTrue(complete(node.fanout.hasUser("frank")));
        assertFalse(complete(node.fanout.hasUser("nobody")));
    }

    @Test
    void listsAndClosesAUsersConnections() {
        Node node = new Node();
        Client h1 = node.connectSession("heidi");
        Client h2 = node.connectSession("heidi");
        RecordingTransport other = node.connect("ivan");
        UserConnections listed = complete(node.fanout.connectionsOf("heidi"));
        assertTrue(listed.complete());
        assertEquals(java.util.Set.of(h1.session.id(), h2.session.id()),
                listed.connections().stream().map(UserConnections.Connection::id).collect(java.util.stream.Collectors.toSet()));
        assertTrue(complete(node.fanout.connectionsOf("nobody")).connections().isEmpty());
        assertEquals(2, complete(node.fanout.disconnect("heidi", 4004, "bye")).connections().size());
        assertEquals(4004, h1.transport.closedWith);
        assertEquals(4004, h2.transport.closedWith);
        assertEquals(0, other.closedWith);
    }

    @Test
    void broadcastReachesEveryConnectionOnce() {
        Node node = new Node();
        RecordingTransport a = node.connect("alice");
        RecordingTransport b = node.connect("bob");
        complete(node.fanout.toAll(message("all")));
        awaitTexts(a, List.of("all"));
        awaitTexts(b, List.of("all"));
    }

    @Test
    void deliveryOrderIsPublishOrder() {
        Node node = new Node();
        Client a = node.connectSession("alice");
        node.join("r", a);
        List<String> sent = java.util.stream.IntStream.range(0, 200).mapToObj(i -> "m" + i).toList();
        sent.forEach(text -> node.fanout.toRoom("r", message(text), null));
        awaitTexts(a.transport(), sent);
    }

    @Test
    void reportsItselfAvailable() {
        assertTrue(new Node().fanout.available());
    }
}
