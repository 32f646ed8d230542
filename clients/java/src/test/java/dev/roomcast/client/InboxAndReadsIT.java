package dev.roomcast.client;

import static dev.roomcast.client.support.Ids.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import dev.roomcast.client.RoomcastListener.DirectMessage;
import dev.roomcast.client.RoomcastListener.ReadPosition;
import dev.roomcast.client.RoomcastListener.State;
import dev.roomcast.client.RoomcastListener.Stream;
import dev.roomcast.client.support.CuttableProxy;
import dev.roomcast.client.support.Recorder;
import dev.roomcast.client.support.RedisServer;
import dev.roomcast.client.support.Scrape;
import dev.roomcast.client.support.ServerProcess;

/**
 * The user's inbox, the broadcast stream and read positions, with the Java client against the packaged server:
 * what was sent while a user was away arrives when they come back (to a new client object too, given where the old
 * one left off), and where they stopped reading follows them from one client to another.
 */
class InboxAndReadsIT {

    private static final String PINGS_IN = "roomcast_messages_total{direction=\"in\",type=\"ping\"}";

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    /**
     * Bob's network goes away (a proxy in front of the server drops his link and refuses him); alice's privates to
     * him are stored and acknowledged with their inbox offsets meanwhile, her broadcasts too. Back, his client resumes
     * both streams from where it was and gets each of them once, in order.
     */
    @Test
    void privatesAndBroadcastsSentWhileAUserWasAwayArriveWhenTheyComeBack() throws Exception {
        try (ServerProcess server = ServerProcess.start("java-client-away", Map.of());
                CuttableProxy bobsNetwork = CuttableProxy.to(server.port())) {
            Recorder atBob = new Recorder();
            try (RoomcastClient alice = RoomcastClient.builder(server.wsUrl()).user(unique("alice")).build();
                    RoomcastClient bob = RoomcastClient.builder(bobsNetwork.wsUrl()).user(unique("bob"))
                            .backoff(Duration.ofMillis(50), Duration.ofMillis(300)).listener(atBob).build()) {
                get(alice.connect());
                get(bob.connect());
                Scrape before = Scrape.of(server.baseUrl());
                long first = get(alice.privateMessage(bob.user(), "before"));
                await("bob gets the first one live").atMost(Duration.ofSeconds(10)).until(() -> atBob.privates.size() == 1);
                assertEquals(first, atBob.privates.get(0).offset());

                bobsNetwork.cut();
                await("bob's client noticed").atMost(Duration.ofSeconds(10)).until(() -> bob.state() == State.RECONNECTING);
                List<Long> privates = new ArrayList<>();
                List<Long> broadcasts = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    privates.add(get(alice.privateMessage(bob.user(), "away " + i)));
                    if (i < 3) {
                        broadcasts.add(get(alice.broadcast("news " + i)));
                    }
                }
                assertEquals(LongStream.rangeClosed(first + 1, first + 5).boxed().toList(), privates,
                        "stored while bob is connected nowhere, one after another in his inbox");
                assertEquals(0, Scrape.of(server.baseUrl()).since(before, PINGS_IN),
                        "acknowledged by accepted: no ping behind a private or a broadcast");

                bobsNetwork.restore();
                await("bob gets what he missed").atMost(Duration.ofSeconds(15)).until(() -> atBob.privates.size() >= 6);
                assertEquals(List.of("before", "away 0", "away 1", "away 2", "away 3", "away 4"),
                        atBob.privates.stream().map(m -> m.content().asText()).toList(), "once each, in order");
                assertEquals(privates, atBob.privates.subList(1, 6).stream().map(RoomcastListener.DirectMessage::offset).toList());
                await("and the broadcasts").atMost(Duration.ofSeconds(10)).until(() -> atBob.broadcasts.size() >= 3);
                assertEquals(List.of("news 0", "news 1", "news 2"), atBob.broadcasts.stream().map(m -> m.content().asText()).toList());
                assertEquals(broadcasts, atBob.broadcasts.stream().map(RoomcastListener.DirectMessage::offset).toList());
                assertEquals(List.of(new Recorder.StreamResumed(Stream.INBOX, true, 5L),
                        new Recorder.StreamResumed(Stream.BROADCASTS, true, 3L)), atBob.streamsResumed);

                // Live again, and nothing of the replay repeats.
                long after = get(alice.privateMessage(bob.user(), "after"));
                await("bob gets a live one").atMost(Duration.ofSeconds(10)).until(() -> atBob.privates.size() >= 7);
                assertEquals(after, atBob.privates.get(6).offset());
                assertEquals(7, atBob.privates.size());
            }
        }
    }

    /**
     * Bob's service restarts: the new client object, given where the old one left the inbox and the broadcasts, gets
     * what was sent while neither ran, and nothing it had; one given {@link Since#EVERYTHING_HELD} gets every private
     * held. The positions are known by the time the client is OPEN (a state listener reads them there).
     */
    @Test
    void aNewClientObjectResumesFromThePositionsTheOldOneLeftOrFromEverythingHeld() throws Exception {
        try (ServerProcess server = ServerProcess.start("java-client-restart", Map.of());
                RoomcastClient alice = RoomcastClient.builder(server.wsUrl()).user(unique("alice")).build()) {
            String bobId = unique("bob");
            get(alice.connect());
            get(alice.broadcast("before")); // the broadcast stream has a position from now on
            long before = get(alice.privateMessage(bobId, "before")); // bob has never connected: stored for him
            AtomicReference<RoomcastClient> first = new AtomicReference<>();
            List<Since> atOpen = new CopyOnWriteArrayList<>();
            List<Long> firstPrivates = new CopyOnWriteArrayList<>();
            RoomcastListener listener = new RoomcastListener() {
                @Override
                public void onState(State state, int code, long delayMillis) {
                    if (state == State.OPEN) {
                        atOpen.add(first.get().inboxSince());
                    }
                }

                @Override
                public void onPrivate(DirectMessage message) {
                    firstPrivates.add(message.offset());
                }
            };
            long seen;
            try (RoomcastClient bob = RoomcastClient.builder(server.wsUrl()).user(bobId).listener(listener).build()) {
                first.set(bob);
                get(bob.connect());
                assertEquals(1, atOpen.size(), atOpen.toString());
                assertEquals(before, atOpen.get(0).offset(), "welcome's inbox position, known at OPEN: " + atOpen);
                seen = get(alice.privateMessage(bobId, "seen"));
                await("bob gets it live").atMost(Duration.ofSeconds(10)).until(() -> firstPrivates.size() == 1);
                assertEquals(List.of(seen), firstPrivates);
            }
            Since savedInbox = first.get().inboxSince(); // after close() too
            Since savedBroadcasts = first.get().broadcastSince();
            assertEquals(seen, savedInbox.offset());

            long away = get(alice.privateMessage(bobId, "while away"));
            long news = get(alice.broadcast("while away"));
            Recorder atSecond = new Recorder();
            try (RoomcastClient bob = RoomcastClient.builder(server.wsUrl()).user(bobId).inboxSince(savedInbox)
                    .broadcastSince(savedBroadcasts).listener(atSecond).build()) {
                get(bob.connect());
                await("what was sent while no client of bob's ran").atMost(Duration.ofSeconds(10))
                        .until(() -> atSecond.privates.size() >= 1 && atSecond.broadcasts.size() >= 1);
                assertEquals(List.of(away), atSecond.privates.stream().map(DirectMessage::offset).toList(), "and nothing it had");
                assertEquals(List.of(news), atSecond.broadcasts.stream().map(DirectMessage::offset).toList());
                assertTrue(atSecond.streamsResumed.contains(new Recorder.StreamResumed(Stream.INBOX, true, 1L)),
                        atSecond.streamsResumed.toString());
            }

            Recorder atThird = new Recorder();
            try (RoomcastClient bob = RoomcastClient.builder(server.wsUrl()).user(bobId).inboxSince(Since.EVERYTHING_HELD)
                    .listener(atThird).build()) {
                get(bob.connect());
                await("every private held").atMost(Duration.ofSeconds(10)).until(() -> atThird.privates.size() >= 3);
                assertEquals(List.of(before, seen, away), atThird.privates.stream().map(DirectMessage::offset).toList());
                assertTrue(atThird.streamsResumed.contains(new Recorder.StreamResumed(Stream.INBOX, false, null)),
                        "an epoch the server does not know: " + atThird.streamsResumed);
            }
        }
    }

    /**
     * Bob on two instances (a phone and a laptop): marking a room or his inbox read on one moves the read position
     * on the other, and the unread counts follow; a third client of his starts with both positions.
     */
    @Test
    void readPositionsFollowTheUserFromOneClientToAnother() throws Exception {
        try (RedisServer redis = RedisServer.startOnFreePort()) {
            Map<String, String> cluster = Map.of("roomcast.fanout.type", "redis", "quarkus.redis.hosts", redis.uri());
            try (ServerProcess a = ServerProcess.start("java-client-reads-a", cluster);
                    ServerProcess b = ServerProcess.start("java-client-reads-b", cluster)) {
                String room = unique("lobby");
                String bobId = unique("bob");
                Recorder atPhone = new Recorder();
                Recorder atLaptop = new Recorder();
                try (RoomcastClient alice = RoomcastClient.builder(a.wsUrl()).user(unique("alice")).build();
                        RoomcastClient phone = RoomcastClient.builder(a.wsUrl()).user(bobId).listener(atPhone).build();
                        RoomcastClient laptop = RoomcastClient.builder(b.wsUrl()).user(bobId).listener(atLaptop).build()) {
                    get(alice.connect());
                    get(phone.connect());
                    get(laptop.connect());
                    get(alice.join(room));
                    get(phone.join(room));
                    get(laptop.join(room));
                    List<Long> offsets = new ArrayList<>();
                    for (int i = 0; i < 5; i++) {
                        offsets.add(get(alice.send(room, Map.of("n", i))));
                    }
                    await("both of bob's clients have the five").atMost(Duration.ofSeconds(10))
                            .until(() -> atPhone.messages.size() == 5 && atLaptop.messages.size() == 5);
                    assertNull(get(laptop.unread(room)), "never marked read: not known");

                    ReadPosition marked = get(phone.read(room, offsets.get(2)));
                    assertEquals(room, marked.room());
                    assertEquals(offsets.get(2), marked.offset());
                    assertEquals(2L, marked.unread(), "two after it on the phone");
                    await("the laptop hears of it").atMost(Duration.ofSeconds(10))
                            .until(() -> atLaptop.reads.stream().anyMatch(r -> room.equals(r.room()) && r.offset() == offsets.get(2)));
                    assertEquals(2L, get(laptop.unread(room)));
                    get(alice.send(room, Map.of("n", 5)));
                    await("a new message is unread on the laptop").atMost(Duration.ofSeconds(10))
                            .until(() -> Long.valueOf(3).equals(get(laptop.unread(room))));

                    ReadPosition notBack = get(laptop.read(room, offsets.get(0)));
                    assertEquals(offsets.get(2), notBack.offset(), "a read position never moves back: the stored one answers");
                    ReadPosition all = get(laptop.read(room));
                    assertEquals(offsets.get(4) + 1, all.offset(), "read() marks the latest the client knows of");
                    await("the phone has read everything too").atMost(Duration.ofSeconds(10))
                            .until(() -> Long.valueOf(0).equals(get(phone.unread(room))));

                    List<Long> privates = new ArrayList<>();
                    for (int i = 0; i < 3; i++) {
                        privates.add(get(alice.privateMessage(bobId, "p" + i)));
                    }
                    await("both clients have the privates").atMost(Duration.ofSeconds(10))
                            .until(() -> atPhone.privates.size() == 3 && atLaptop.privates.size() == 3);
                    ReadPosition inbox = get(laptop.readInbox(privates.get(0)));
                    assertTrue(inbox.inbox(), inbox.toString());
                    await("the phone's inbox count follows").atMost(Duration.ofSeconds(10))
                            .until(() -> Long.valueOf(2).equals(get(phone.unreadInbox())));
                    assertTrue(atPhone.reads.stream().anyMatch(r -> r.inbox() && r.offset() == privates.get(0)), atPhone.reads.toString());

                    // A third client of bob's starts from the stored positions: joined and welcome carry them.
                    try (RoomcastClient tablet = RoomcastClient.builder(b.wsUrl()).user(bobId).build()) {
                        get(tablet.connect());
                        assertEquals(2L, get(tablet.unreadInbox()), "welcome.inbox.read_offset");
                        get(tablet.join(room));
                        assertEquals(0L, get(tablet.unread(room)), "joined.read_offset");
                    }
                }
            }
        }
    }
}
