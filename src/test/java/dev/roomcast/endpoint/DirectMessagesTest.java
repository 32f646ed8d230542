package dev.roomcast.endpoint;

import static dev.roomcast.support.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
public class DirectMessagesTest {

    @TestHTTPResource("/ws")
    URI ws;

    @Test
    void privateReachesEveryConnectionOfTheUserAndOnlyThem() {
        String bob = unique("bob");
        try (WsClient a = WsClient.connect(ws, "id=" + unique("alice"));
                WsClient b1 = WsClient.connect(ws, "id=" + bob);
                WsClient b2 = WsClient.connect(ws, "id=" + bob);
                WsClient other = WsClient.connect(ws, "id=" + unique("carol"))) {
            a.send("type", "private", "to", bob, "content", java.util.Map.of("secret", 42));
            for (WsClient b : List.of(b1, b2)) {
                JsonNode p = b.next("private");
                assertEquals(a.user(), p.get("from").asText());
                assertEquals(42, p.get("content").get("secret").asInt());
                assertEquals(true, p.get("ts").isNumber());
            }
            a.sync();
            assertEquals(List.of(), a.drain(), "the sender gets no copy");
            assertEquals(List.of(), other.receivedBeforeMarkerFrom(a), "nobody else gets it");
        }
    }

    @Test
    void privateToAUserWithNoConnectionIsStoredForItsReturn() {
        String bob = unique("bob");
        try (WsClient a = WsClient.connect(ws, "id=" + unique("alice"))) {
            a.send("type", "private", "to", bob, "content", "hi", "ref", "p1");
            JsonNode accepted = a.next("accepted");
            assertEquals(bob, accepted.get("to").asText());
            assertEquals("p1", accepted.get("ref").asText());
            assertEquals(1, accepted.get("offset").asLong());
        }
        try (WsClient b = WsClient.connect(ws, "id=" + bob + "&inbox_since=0:no-such-epoch")) {
            JsonNode welcome = b.welcome();
            assertEquals(false, welcome.get("inbox").get("recovered").asBoolean(), "another epoch: everything held, not recovered");
            JsonNode p = b.next("private");
            assertEquals("hi", p.get("content").asText());
            assertEquals(1, p.get("offset").asLong());
        }
    }

    @Test
    void broadcastReachesEveryConnectedClientIncludingTheSender() {
        try (WsClient a = WsClient.connect(ws, "id=" + unique("alice"));
                WsClient b = WsClient.connect(ws, "id=" + unique("bob"));
                WsClient c = WsClient.connect(ws, null)) {
            a.send("type", "broadcast", "content", List.of(1, "two"));
            for (WsClient client : List.of(a, b, c)) {
                JsonNode m = client.skipTo("broadcast");
                assertEquals(a.user(), m.get("from").asText());
                assertEquals("[1,\"two\"]", m.get("content").toString());
            }
        }
    }
}
