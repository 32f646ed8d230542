package dev.roomcast.history;

import static dev.roomcast.support.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.Paced;
import dev.roomcast.support.Refusal;
import dev.roomcast.support.Scrape;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * What a client can rely on from room history, whatever keeps it (memory or Redis): offsets, resume with
 * {@code since} (replay, then live, with no gap and no duplicate at the seam), {@code recovered: false} when
 * the gap cannot be filled, {@code accepted} and idempotent message ids.
 */
public abstract class HistoryContract {

    /** 30 KB of content: under max-content-bytes, and 18 of them pass the default max-room-bytes. */
    private static final String BIG = "x".repeat(30_000);
    private static final String TRIMMED_FOR_BYTES = "roomcast_history_evicted_messages_total{reason=\"room_bytes\"}";

    @TestHTTPResource("/ws")
    protected URI ws;

    /** Messages kept per room in this configuration. */
    protected abstract int historySize();

    /** Bytes of messages kept per room in this configuration (history.max-room-bytes): the default. */
    protected long maxRoomBytes() {
        return 524_288;
    }

    @Test
    void aResumerGetsExactlyWhatItMissedInOrderThenLiveMessages() {
        String room = unique("resume");
        try (Member talker = member(room)) {
            JsonNode joined;
            try (Member reader = member(room)) {
                joined = reader.joined();
            }
            publish(talker.client(), room, 20);
            try (WsClient back = WsClient.connect(ws, "id=" + unique("back"))) {
                back.send("type", "join", "room", room, "since", since(joined));
                JsonNode again = back.next("joined");
                assertTrue(again.get("recovered").asBoolean(), again::toString);
                assertEquals(joined.get("epoch").asText(), again.get("epoch").asText());
                long first = joined.get("offset").asLong() + 1;
                assertEquals(first + 19, again.get("offset").asLong());
                for (int i = 0; i < 20; i++) {
                    JsonNode m = back.next("message");
                    assertEquals(first + i, m.get("offset").asLong());
                    assertEquals(i, m.get("content").asInt());
                }
                talker.client().send("type", "message", "room", room, "content", "live");
                JsonNode live = back.skipTo("message");
                assertEquals("live", live.get("content").asText());
                assertEquals(first + 20, live.get("offset").asLong());
            }
        }
    }

    @Test
    void sinceAtConnectResumesSeveralRooms() {
        String a = unique("a");
        String b = unique("b");
        try (WsClient talker = WsClient.connect(ws, "id=" + unique("talker") + "&room=" + a + "&room=" + b)) {
            JsonNode joinedA = talker.next("joined");
            JsonNode joinedB = talker.next("joined");
            publish(talker, a, 3);
            publish(talker, b, 2);
            String sinceParam = a + ":" + joinedA.get("offset").asLong() + ":" + joinedA.get("epoch").asText() + ","
                    + b + ":" + joinedB.get("offset").asLong() + ":" + joinedB.get("epoch").asText();
            try (WsClient back = WsClient.connect(ws, "id=" + unique("back") + "&room=" + a + "," + b + "&since=" + sinceParam)) {
                assertTrue(back.next("joined").get("recovered").asBoolean());
                for (int i = 0; i < 3; i++) {
                    assertEquals(i, back.next("message").get("content").asInt());
                }
                assertTrue(back.next("joined").get("recovered").asBoolean());
                for (int i = 0; i < 2; i++) {
                    assertEquals(i, back.next("message").get("content").asInt());
                }
            }
        }
    }

    @Test
    void aMalformedSinceAtConnectIsRefused() {
        String room = unique("bad");
        for (String since : new String[] { "nope", room + ":x:e", room + ":-1:e", room + ":1:", "other:1:e" }) {
            Refusal refusal = Refusal.of(ws, "id=" + unique("u") + "&room=" + room + "&since=" + since);
            assertEquals(400, refusal.status(), since);
            assertEquals("invalid_since", refusal.code(), since);
        }
    }

    @Test
    void anotherEpochIsNotRecovered() {
        String room = unique("epoch");
        try (Member talker = member(room)) {
            publish(talker.client(), room, 3);
            try (WsClient back = WsClient.connect(ws, "id=" + unique("back"))) {
                back.send("type", "join", "room", room, "since", Map.of("offset", 1, "epoch", "someotherepoch"));
                JsonNode joined = back.next("joined");
                assertFalse(joined.get("recovered").asBoolean(), joined::toString);
                assertNotEquals("someotherepoch", joined.get("epoch").asText());
                talker.client().send("type", "message", "room", room, "content", "live");
                assertEquals("live", back.next("message").get("content").asText(), "nothing replayed from another history");
            }
        }
    }

    @Test
    void anOffsetOlderThanHistoryIsNotRecoveredButGetsWhatIsHeld() {
        String room = unique("old");
        try (Member talker = member(room)) {
            JsonNode joined = talker.joined();
            int sent = historySize() + 5;
            publish(talker.client(), room, sent);
            try (WsClient back = WsClient.connect(ws, "id=" + unique("back"))) {
                back.send("type", "join", "room", room, "since", since(joined));
                JsonNode again = back.next("joined");
                assertFalse(again.get("recovered").asBoolean(), again::toString);
                long latest = again.get("offset").asLong();
                assertEquals(joined.get("offset").asLong() + sent, latest);
                for (long offset = latest - historySize() + 1; offset <= latest; offset++) {
                    assertEquals(offset, back.next("message").get("offset").asLong(), "the held messages, in order");
                }
            }
        }
    }

    @Test
    void theSeamBetweenReplayAndLiveHasNoGapAndNoDuplicate() throws Exception {
        String room = unique("seam");
        int total = 3000;
        java.util.concurrent.atomic.AtomicLong readerAt = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean resuming = new java.util.concurrent.atomic.AtomicBoolean();
        try (Member talker = member(room); Member reader = member(room)) {
            long first = reader.joined().get("offset").asLong() + 1;
            // On a thread of its own (the common pool has one thread on two cores, and the JDK's WebSocket client
            // needs it). It stays within 50 messages of the reader until the resumer sends its join, so the
            // drop-out point is mid-stream and the gap stays in history however slowly this machine reconnects.
            try (Paced flow = Paced.start(total, Duration.ofMillis(1), i -> {
                if (!resuming.get() && first + i - readerAt.get() > 50) {
                    return false; // again at the next tick
                }
                talker.client().send("type", "message", "room", room, "content", i);
                return true;
            })) {
                // The reader drops out mid-stream and resumes at once from the last offset it received.
                long seen = -1;
                while (seen < first + total / 4) {
                    seen = Math.max(seen, reader.client().skipTo("message").get("offset").asLong());
                    for (JsonNode frame : reader.client().drain()) {
                        seen = Math.max(seen, frame.path("offset").asLong(-1));
                    }
                    readerAt.set(seen);
                }
                String epoch = reader.joined().get("epoch").asText();
                reader.close();
                try (WsClient back = WsClient.connect(ws, "id=" + unique("back"))) {
                    resuming.set(true); // the publisher goes on at full pace while the join is under way
                    back.send("type", "join", "room", room, "since", Map.of("offset", seen, "epoch", epoch));
                    JsonNode again = back.next("joined");
                    assertTrue(again.get("recovered").asBoolean(), again::toString);
                    flow.awaitAll(Duration.ofSeconds(60));
                    for (long offset = seen + 1; offset < first + total; offset++) {
                        JsonNode m = back.skipTo("message");
                        assertEquals(offset, m.get("offset").asLong(), "offsets must be contiguous across the seam");
                        assertEquals(offset - first, m.get("content").asLong());
                    }
                    back.send("type", "ping", "ref", "end");
                    assertTrue(back.receivedUntil("pong").stream().noneMatch(f -> "message".equals(f.path("type").asText())),
                            "no message twice");
                }
            }
        }
    }

    @Test
    void aMessageWithRefIsAcceptedWithItsOffsetAndARepeatedIdIsPublishedOnce() {
        String room = unique("ids");
        try (Member talker = member(room); Member listener = member(room)) {
            talker.client().send("type", "message", "room", room, "content", "once", "id", "m-1", "ref", 1);
            JsonNode accepted = talker.client().skipTo("accepted");
            assertEquals(room, accepted.get("room").asText());
            assertEquals(1, accepted.get("ref").asInt());
            long offset = accepted.get("offset").asLong();
            talker.client().send("type", "message", "room", room, "content", "once", "id", "m-1", "ref", 2);
            JsonNode repeat = talker.client().skipTo("accepted");
            assertEquals(2, repeat.get("ref").asInt());
            assertEquals(offset, repeat.get("offset").asLong(), "a repeat gets the first result");
            talker.client().send("type", "message", "room", room, "content", "next", "id", "m-2");
            assertEquals(offset, listener.client().skipTo("message").get("offset").asLong());
            JsonNode next = listener.client().skipTo("message");
            assertEquals("next", next.get("content").asText(), "the repeat was not delivered again");
            assertEquals(offset + 1, next.get("offset").asLong());
        }
    }

    @Test
    void aRoomHoldsAtMostMaxRoomBytesOfMessagesTheOldestGoFirst() throws Exception {
        String room = unique("bytes");
        int sent = 40; // 40 × 30 KB: under history.size, over max-room-bytes
        Scrape before = Scrape.now();
        try (Member talker = member(room)) {
            Map<Long, Integer> sizes = new HashMap<>();
            for (int i = 0; i < sent; i++) {
                talker.client().send("type", "message", "room", room, "content", i + BIG);
                String frame = talker.client().nextText();
                sizes.put(WsClient.JSON.readTree(frame).get("offset").asLong(), utf8(frame));
            }
            long latest = talker.joined().get("offset").asLong() + sent;
            try (WsClient back = WsClient.connect(ws, "id=" + unique("back"))) {
                back.send("type", "join", "room", room, "since", since(talker.joined()));
                JsonNode again = back.next("joined");
                assertFalse(again.get("recovered").asBoolean(), "the oldest were dropped: " + again);
                back.send("type", "ping", "ref", "end");
                List<JsonNode> replay = back.receivedUntil("pong");
                replay.remove(replay.size() - 1);
                long held = 0;
                for (int i = 0; i < replay.size(); i++) {
                    assertEquals(latest - replay.size() + 1 + i, replay.get(i).get("offset").asLong(), "the newest, in order");
                    held += sizes.get(replay.get(i).get("offset").asLong());
                }
                long oldestHeld = latest - replay.size() + 1;
                assertTrue(held <= maxRoomBytes(), held + " bytes held, over the bound");
                assertTrue(held + sizes.get(oldestHeld - 1) > maxRoomBytes(), "only as many as the bound needs go: " + replay.size());
                Scrape after = Scrape.now();
                assertEquals(sent - replay.size(), after.since(before, TRIMMED_FOR_BYTES), "messages the byte bound dropped");
            }
        }
    }

    @Test
    void anIdIsRememberedForTheRoomsLastHistorySizeMessagesEvenOnceTheByteBoundDroppedItsMessage() {
        String room = unique("window");
        try (Member talker = member(room)) {
            talker.client().send("type", "message", "room", room, "content", BIG, "id", "w-1", "ref", "first");
            long first = talker.client().skipTo("accepted").get("offset").asLong();
            for (int i = 0; i < 20; i++) { // 20 × 30 KB: the first message is dropped for bytes
                talker.client().send("type", "message", "room", room, "content", i + BIG);
            }
            talker.client().send("type", "message", "room", room, "content", BIG, "id", "w-1", "ref", "again");
            assertEquals(first, talker.client().skipTo("accepted").get("offset").asLong(), "still a repeat");
            publish(talker.client(), room, historySize() - 21); // its offset is now the oldest of the last history.size
            talker.client().send("type", "message", "room", room, "content", BIG, "id", "w-1", "ref", "edge");
            assertEquals(first, talker.client().skipTo("accepted").get("offset").asLong(), "still within the window");
            publish(talker.client(), room, 1);
            talker.client().send("type", "message", "room", room, "content", "late", "id", "w-1", "ref", "late");
            JsonNode late = talker.client().skipTo("accepted");
            assertEquals(first + historySize() + 1, late.get("offset").asLong(), "past the window: published again");
        }
    }

    @Test
    void aBadIdOrSinceIsAnError() {
        try (WsClient client = WsClient.connect(ws, "id=" + unique("bad"))) {
            client.send("type", "join", "room", unique("r"), "since", Map.of("offset", -1, "epoch", "e"), "ref", 1);
            assertEquals("invalid_message", client.next("error").get("code").asText());
            client.send("type", "message", "room", "r", "content", 1, "id", "x".repeat(65), "ref", 2);
            assertEquals("invalid_message", client.next("error").get("code").asText());
        }
    }

    /** A connection that joined a room, and the {@code joined} it got. */
    protected record Member(WsClient client, JsonNode joined) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
        }
    }

    protected Member member(String room) {
        WsClient client = WsClient.connect(ws, "id=" + unique("m"));
        client.send("type", "join", "room", room, "ref", "j");
        JsonNode joined = client.next("joined");
        assertTrue(joined.has("offset") && joined.has("epoch"), joined::toString);
        return new Member(client, joined);
    }

    /** Sends {@code count} messages with contents 0.. and waits until the last is in history. */
    protected static void publish(WsClient talker, String room, int count) {
        for (int i = 0; i < count - 1; i++) {
            talker.send("type", "message", "room", room, "content", i);
        }
        talker.send("type", "message", "room", room, "content", count - 1, "ref", "last");
        talker.skipTo("accepted");
    }

    private static int utf8(String frame) {
        return frame.getBytes(StandardCharsets.UTF_8).length;
    }

    protected static Map<String, Object> since(JsonNode joined) {
        return Map.of("offset", joined.get("offset").asLong(), "epoch", joined.get("epoch").asText());
    }
}
