package dev.roomcast.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.roomcast.client.RoomcastListener.State;
import dev.roomcast.client.support.Recorder;

/** The client's calls before any connection: where content is serialised, and what close() leaves behind. */
class RoomcastClientTest {

    /** Nothing listens here: the client never gets connected, which these tests do not need. */
    private static final String NOWHERE = "ws://127.0.0.1:1/ws";

    /** Content whose serialisation notes the thread it ran on. */
    public static final class Noted {
        volatile String serialisedOn;

        public String getText() {
            serialisedOn = Thread.currentThread().getName();
            return "hi";
        }
    }

    @Test
    void contentIsSerialisedOnTheCallersThreadNotTheClients() {
        try (RoomcastClient client = RoomcastClient.builder(NOWHERE).user("alice").build()) {
            String caller = Thread.currentThread().getName();
            Noted toBob = new Noted();
            client.privateMessage("bob", toBob);
            assertEquals(caller, toBob.serialisedOn);
            Noted toAll = new Noted();
            client.broadcast(toAll);
            assertEquals(caller, toAll.serialisedOn);
            Noted toRoom = new Noted();
            client.send("lobby", toRoom);
            assertEquals(caller, toRoom.serialisedOn);
            assertNotEquals("roomcast-client", caller);
        }
    }

    @Test
    void afterCloseEveryCallFailsWithClosedAndClosingAgainDoesNothing() throws Exception {
        Recorder recorder = new Recorder();
        RoomcastClient client = RoomcastClient.builder(NOWHERE).user("alice").listener(recorder).build();
        CompletableFuture<Long> waiting = client.privateMessage("bob", "queued before the close");
        client.close();
        client.close();
        assertClosed(waiting);
        assertClosed(client.connect());
        assertClosed(client.broadcast("after the close"));
        assertClosed(client.unreadInbox());
        await("the close told once").atMost(Duration.ofSeconds(5)).during(Duration.ofMillis(300))
                .until(() -> recorder.states.stream().filter(s -> s[0] == State.CLOSED.ordinal()).count() == 1);
        assertEquals(List.of(), recorder.errors);
    }

    private static void assertClosed(CompletableFuture<?> future) {
        ExecutionException failed = assertThrows(ExecutionException.class, () -> future.get(5, TimeUnit.SECONDS));
        assertEquals("closed", assertInstanceOf(RoomcastException.class, failed.getCause()).code());
    }
}
