package dev.roomcast.history;

import static dev.roomcast.support.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.ConfigOverrides;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@code history.size=0}: no offsets, epochs or replay; {@code accepted} still answers a ref; since is not recovered. */
@QuarkusTest
@QuarkusTestResource(value = ConfigOverrides.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.history.size", value = "0") })
public class HistoryOffTest {

    @TestHTTPResource("/ws")
    URI ws;

    @Test
    void withoutHistoryThereAreNoOffsetsAndNothingToResume() {
        String room = unique("off");
        try (WsClient talker = WsClient.connect(ws, "id=" + unique("t") + "&room=" + room)) {
            JsonNode joined = talker.next("joined");
            assertFalse(joined.has("offset") || joined.has("epoch"), joined::toString);
            talker.send("type", "message", "room", room, "content", "x", "ref", 1);
            JsonNode message = talker.next("message");
            assertFalse(message.has("offset"), message::toString);
            JsonNode accepted = talker.next("accepted");
            assertEquals(1, accepted.get("ref").asInt());
            assertFalse(accepted.has("offset"), accepted::toString);
            try (WsClient back = WsClient.connect(ws, "id=" + unique("b"))) {
                back.send("type", "join", "room", room, "since", Map.of("offset", 0, "epoch", "e"));
                assertFalse(back.next("joined").get("recovered").asBoolean());
            }
        }
    }
}
