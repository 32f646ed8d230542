package dev.roomcast.history;

import static dev.roomcast.support.Ids.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.ConfigOverrides;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** A room's history expires {@code history.ttl} after its last message: a later join sees a new epoch. */
@QuarkusTest
@QuarkusTestResource(value = ConfigOverrides.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.history.ttl", value = "1s") })
public class HistoryExpiryTest {

    @TestHTTPResource("/ws")
    URI ws;

    @Test
    void anExpiredHistoryIsANewEpoch() {
        String room = unique("expiring");
        JsonNode first;
        try (WsClient talker = WsClient.connect(ws, "id=" + unique("t") + "&room=" + room)) {
            first = talker.next("joined");
            talker.send("type", "message", "room", room, "content", "x", "ref", 1);
            talker.skipTo("accepted");
        }
        await("the room's history to expire").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    try (WsClient probe = WsClient.connect(ws, "id=" + unique("p") + "&room=" + room)) {
                        return !first.get("epoch").asText().equals(probe.next("joined").get("epoch").asText());
                    }
                });
        try (WsClient back = WsClient.connect(ws, "id=" + unique("b"))) {
            back.send("type", "join", "room", room, "since", Map.of("offset", 1, "epoch", first.get("epoch").asText()));
            JsonNode joined = back.next("joined");
            assertFalse(joined.get("recovered").asBoolean(), joined::toString);
            assertEquals(0, joined.get("offset").asLong(), "offsets start again in the new history");
        }
    }
}
