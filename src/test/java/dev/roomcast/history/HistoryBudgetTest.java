package dev.roomcast.history;

import static dev.roomcast.support.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.ConfigOverrides;
import dev.roomcast.support.Scrape;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Memory mode's instance budget for history ({@code history.max-bytes}, 36 000 bytes here, rooms of at most
 * 10 000 bytes of messages): a write that would pass it evicts whole rooms, least recently written first.
 * Each room below gets ten messages of ~850 bytes, ~10 KB with its bookkeeping: three fit, a fourth does not.
 */
@QuarkusTest
@QuarkusTestResource(value = ConfigOverrides.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.history.max-bytes", value = "36000"),
        @ResourceArg(name = "roomcast.history.max-room-bytes", value = "10000") })
public class HistoryBudgetTest {

    private static final String HELD = "roomcast_history_held_bytes";
    private static final String ROOMS_EVICTED = "roomcast_history_evicted_rooms_total";
    private static final String MESSAGES_EVICTED = "roomcast_history_evicted_messages_total{reason=\"budget\"}";

    @TestHTTPResource("/ws")
    URI ws;

    @Test
    void theLeastRecentlyWrittenRoomIsEvictedWholeAndItsResumeStartsANewEpoch() {
        Scrape before = Scrape.now();
        JsonNode a = fill(unique("a"));
        JsonNode b = fill(unique("b"));
        JsonNode c = fill(unique("c"));
        write(a, 1); // a is now written after b: b is the least recently written
        Scrape three = Scrape.now();
        assertTrue(three.value(HELD) > 25_000 && three.value(HELD) <= 36_000, "three rooms held: " + three.value(HELD));
        assertEquals(0, three.since(before, ROOMS_EVICTED), "three rooms fit");

        fill(unique("d")); // passes the budget: b goes

        Scrape after = Scrape.now();
        assertEquals(1, after.since(before, ROOMS_EVICTED), "one room evicted");
        assertEquals(10, after.since(before, MESSAGES_EVICTED), "with its ten messages");
        assertTrue(after.value(HELD) <= 36_000, "within the budget: " + after.value(HELD));
        JsonNode resumedB = resume(b);
        assertFalse(resumedB.get("recovered").asBoolean(), resumedB::toString);
        assertNotEquals(b.get("epoch").asText(), resumedB.get("epoch").asText(), "a new history, a new epoch");
        assertEquals(0, resumedB.get("offset").asLong(), "offsets start again");
        for (JsonNode kept : new JsonNode[] { a, c }) {
            JsonNode resumed = resume(kept);
            assertTrue(resumed.get("recovered").asBoolean(), "more recently written, still whole: " + resumed);
            assertEquals(kept.get("epoch").asText(), resumed.get("epoch").asText());
        }
    }

    /** A member joins a fresh room, sends ten ~850-byte messages and leaves; the room's {@code joined} before them. */
    private JsonNode fill(String room) {
        try (WsClient member = WsClient.connect(ws, "id=" + unique("m") + "&room=" + room)) {
            JsonNode joined = member.next("joined");
            send(member, room, 10);
            return joined;
        }
    }

    private void write(JsonNode joined, int count) {
        String room = joined.get("room").asText();
        try (WsClient member = WsClient.connect(ws, "id=" + unique("m") + "&room=" + room)) {
            member.next("joined");
            send(member, room, count);
        }
    }

    private static void send(WsClient member, String room, int count) {
        for (int i = 0; i < count; i++) {
            member.send("type", "message", "room", room, "content", "x".repeat(750), "ref", i);
            member.skipTo("accepted");
        }
    }

    /** Joins the room again with a since from its first {@code joined}: the reply. */
    private JsonNode resume(JsonNode joined) {
        try (WsClient back = WsClient.connect(ws, "id=" + unique("back"))) {
            back.send("type", "join", "room", joined.get("room").asText(), "since",
                    Map.of("offset", joined.get("offset").asLong(), "epoch", joined.get("epoch").asText()));
            return back.next("joined");
        }
    }
}
