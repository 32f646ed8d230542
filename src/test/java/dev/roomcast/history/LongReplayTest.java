package dev.roomcast.history;

import static dev.roomcast.support.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A replay from history is written as the client reads it, not dumped into the outbound queue: a full
 * history nearly twice the outbound bound (the test profile's 256 KiB) reaches a reader at loopback speed
 * whole, in order, followed by what was published meanwhile. It was closed 4002 after the first ~256 KiB
 * (a full default history, 100 × 32 KB, was closed after 31 messages whatever the client did).
 */
@QuarkusTest
public class LongReplayTest {

    private static final int HISTORY = 60;
    private static final int LIVE = 20;
    /** 60 of these are about 480 KB: nearly twice the bound, and under the history's byte bound per room (512 KiB). */
    private static final String CONTENT = "x".repeat(8000);

    @TestHTTPResource("/ws")
    URI ws;

    @Test
    void aResumeOfAFullHistoryLongerThanTheOutboundBoundArrivesWholeThenLiveTraffic() {
        String room = unique("long");
        try (WsClient publisher = WsClient.connect(ws, "id=" + unique("pub") + "&room=" + room)) {
            JsonNode joined = publisher.next("joined");
            for (int i = 1; i <= HISTORY; i++) {
                publisher.send("type", "message", "room", room, "content", CONTENT + i);
                assertEquals(i, publisher.next("message").get("offset").asLong());
            }
            String since = room + ":" + joined.get("offset").asLong() + ":" + joined.get("epoch").asText();
            try (WsClient reader = WsClient.connect(ws, "id=" + unique("reader") + "&room=" + room + "&since=" + since)) {
                JsonNode resumed = reader.next("joined");
                assertTrue(resumed.get("recovered").asBoolean(), resumed::toString);
                for (int i = 1; i <= LIVE; i++) { // published while the replay is being written
                    publisher.send("type", "message", "room", room, "content", "live" + i);
                }
                for (long offset = 1; offset <= HISTORY + LIVE; offset++) {
                    JsonNode message = reader.next("message");
                    assertEquals(offset, message.get("offset").asLong(), "in order, no gap, no duplicate");
                    assertEquals(offset <= HISTORY ? CONTENT + offset : "live" + (offset - HISTORY),
                            message.get("content").asText());
                }
                reader.sync();
                assertFalse(reader.isClosed(), "a reader at loopback speed is never a slow consumer");
            }
        }
    }
}
