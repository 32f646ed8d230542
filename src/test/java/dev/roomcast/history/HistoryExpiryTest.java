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

/**
 * A room's history expires {@code history.ttl} (1 s here) after its last message. An empty room then starts a
 * new epoch; a room whose members stayed keeps its epoch and offsets, and only the messages are gone.
 */
@QuarkusTest
@QuarkusTestResource(value = ConfigOverrides.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.history.ttl", value = "1s") })
public class HistoryExpiryTest {

    @TestHTTPResource("/ws")
    protected URI ws;

    @Test
    void membersWhoStayThroughAQuietSpellKeepTheirEpochAndOffsets() {
        String room = unique("quiet");
        try (WsClient stayer = WsClient.connect(ws, "id=" + unique("s") + "&room=" + room)) {
            JsonNode joined = stayer.next("joined");
            String epoch = joined.get("epoch").asText();
            stayer.send("type", "message", "room", room, "content", "before", "ref", 1);
            long before = stayer.skipTo("accepted").get("offset").asLong();
            Map<String, Object> sinceBefore = Map.of("offset", before - 1, "epoch", epoch);
            await("the message to expire while the room stays occupied").atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(500)).until(() -> {
                        try (WsClient probe = WsClient.connect(ws, "id=" + unique("p"))) {
                            probe.send("type", "join", "room", room, "since", sinceBefore);
                            JsonNode probed = probe.next("joined");
                            assertEquals(epoch, probed.get("epoch").asText(), "an occupied room keeps its epoch");
                            return !probed.get("recovered").asBoolean();
                        }
                    });
            stayer.send("type", "message", "room", room, "content", "after", "ref", 2);
            assertEquals(before + 1, stayer.skipTo("accepted").get("offset").asLong(), "offsets go on");
            try (WsClient back = WsClient.connect(ws, "id=" + unique("b"))) {
                back.send("type", "join", "room", room, "since", sinceBefore);
                JsonNode again = back.next("joined");
                assertEquals(epoch, again.get("epoch").asText(), "the same history");
                assertFalse(again.get("recovered").asBoolean(), "message " + before + " expired: " + again);
                assertEquals(before + 1, back.next("message").get("offset").asLong(), "what is still held");
            }
        }
    }

    @Test
    void anExpiredHistoryIsANewEpoch() {
        String room = unique("expiring");
        JsonNode first;
        try (WsClient talker = WsClient.connect(ws, "id=" + unique("t") + "&room=" + room)) {
            first = talker.next("joined");
            talker.send("type", "message", "room", room, "content", "x", "ref", 1);
            talker.skipTo("accepted");
        }
        // Each probe is a member for a moment, which (on Redis) keeps the epoch for another ttl: probe less often.
        await("the room's history to expire").atMost(Duration.ofSeconds(15)).pollDelay(Duration.ofMillis(1_500))
                .pollInterval(Duration.ofMillis(1_500))
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
