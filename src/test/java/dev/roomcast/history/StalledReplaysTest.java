package dev.roomcast.history;

import static dev.roomcast.support.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.RawWebSocket;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Replays wait only for the client to read them, outside the outbound bound: a client that never reads and
 * joins a full room with {@code since} again and again must not collect them. Past twice the bound of replays
 * not yet read, a join gets {@code recovered: false} and only the newest messages that fit. Without the
 * limit, every one of the 40 joins held a whole replay (40 × 480 KB) until the client read.
 */
@QuarkusTest
public class StalledReplaysTest {

    private static final int HISTORY = 60;
    private static final int JOINS = 40;

    @TestHTTPResource("/ws")
    URI ws;

    @Test
    void aClientThatDoesNotReadCannotCollectReplays() throws Exception {
        String room = unique("full");
        String epoch;
        try (WsClient publisher = WsClient.connect(ws, "id=" + unique("pub") + "&room=" + room)) {
            epoch = publisher.next("joined").get("epoch").asText();
            for (int i = 1; i <= HISTORY; i++) {
                publisher.send("type", "message", "room", room, "content", "x".repeat(8000) + i);
                publisher.next("message");
            }
        }
        try (RawWebSocket stalled = RawWebSocket.connect(ws, "id=" + unique("stalled"), 30_000, 4096)) {
            String join = "{\"type\":\"join\",\"room\":\"" + room + "\",\"since\":{\"offset\":0,\"epoch\":\"" + epoch + "\"}}";
            String leave = "{\"type\":\"leave\",\"room\":\"" + room + "\"}";
            List<String> requests = new ArrayList<>();
            for (int i = 0; i < JOINS; i++) {
                requests.add(join);
                requests.add(leave);
            }
            stalled.writeTextsTogether(requests);
            int recovered = 0;
            int left = 0;
            long replayed = 0;
            while (left < JOINS) {
                RawWebSocket.Frame frame = stalled.read();
                if (frame == null || frame.opcode() == RawWebSocket.CLOSE) {
                    throw new AssertionError("closed after " + left + " joins");
                }
                if (frame.opcode() != RawWebSocket.TEXT) {
                    continue;
                }
                JsonNode message = WsClient.JSON.readTree(frame.payload());
                switch (message.path("type").asText()) {
                    case "joined" -> recovered += message.path("recovered").asBoolean() ? 1 : 0;
                    case "message" -> replayed += frame.payload().length;
                    case "left" -> left++;
                    default -> { }
                }
            }
            assertTrue(recovered > 0, "the first joins are recovered whole");
            assertTrue(recovered <= JOINS / 2, recovered + " of " + JOINS + " joins recovered the whole history ("
                    + replayed + " bytes replayed): replays the client had not read were not limited");
            assertEquals(JOINS, left);
        }
    }
}
