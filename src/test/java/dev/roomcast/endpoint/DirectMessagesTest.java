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
    void privateToAUserWithNoConnectionIsAnError() {
        try (WsClient a = WsClient.connect(ws, "id=" + unique("alice"))) {
            a.send("type", "private", "to", unique("nobody"), "content", "hi", "ref", "p1");
            JsonNode error = a.next("error");
            assertEquals("unknown_user", error.get("code").asText());
            assertEquals("p1", error.get("ref").asText());
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
