package dev.roomcast.telemetry;

import static dev.roomcast.support.Ids.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.roomcast.support.Scrape;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Scripted sessions, then the Prometheus scrape over HTTP must show exactly what happened. */
@QuarkusTest
public class MetricsTest {

    private static final String IN = "roomcast_messages_total{direction=\"in\",type=\"%s\"}";
    private static final String OUT = "roomcast_messages_total{direction=\"out\",type=\"%s\"}";

    @TestHTTPResource("/ws")
    URI ws;

    @Test
    void messagesAreCountedByDirectionAndTypeAndPerRecipient() {
        String room = unique("room");
        Scrape before = Scrape.now();
        try (WsClient a = WsClient.connect(ws, "id=" + unique("alice"));
                WsClient b = WsClient.connect(ws, "id=" + unique("bob"));
                WsClient c = WsClient.connect(ws, "id=" + unique("carol"))) {
            for (WsClient client : new WsClient[] { a, b, c }) {
                client.send("type", "join", "room", room);
                client.next("joined");
            }
            a.send("type", "message", "room", room, "content", "hi");
            for (WsClient client : new WsClient[] { a, b, c }) {
                client.skipTo("message");
            }
            a.send("not json");
            a.next("error");
            a.sync();

            Scrape after = Scrape.now();
            assertEquals(3, after.since(before, String.format(IN, "join")));
            assertEquals(1, after.since(before, String.format(IN, "message")));
            assertEquals(3, after.since(before, String.format(OUT, "message")), "one message, three recipients");
            assertEquals(3, after.since(before, String.format(OUT, "welcome")));
            assertEquals(3, after.since(before, String.format(OUT, "joined")));
            assertEquals(1, after.since(before, String.format(IN, "invalid")));
            assertEquals(1, after.since(before, "roomcast_errors_total{component=\"protocol\",type=\"malformed_json\"}"));
            assertEquals(3, after.since(before, "roomcast_connections_total{outcome=\"accepted\",reason=\"none\"}"));
            assertTrue(after.value("roomcast_connections_active") >= 3);
            assertTrue(after.value("roomcast_rooms") >= 1);
            assertTrue(after.since(before, "roomcast_message_size_bytes_count{direction=\"in\"}") >= 5);
            assertTrue(after.since(before, "roomcast_message_processing_seconds_count{type=\"message\"}") >= 1);
        }
    }

    @Test
    void connectionsAreCountedWhenRejectedAndTimedWhenClosed() {
        Scrape before = Scrape.now();
        WsClient.connectFailure(ws, "id=bad%20id");
        try (WsClient a = WsClient.connect(ws, "id=" + unique("short-lived"))) {
            a.sync();
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Scrape after = Scrape.now();
            assertEquals(1, after.since(before, "roomcast_connections_total{outcome=\"rejected\",reason=\"invalid_id\"}"));
            assertEquals(1, after.since(before, "roomcast_connection_duration_seconds_count{close_reason=\"normal\"}"));
        });
    }

    @Test
    void roomSizesAreBucketed() {
        String room = unique("room");
        Scrape before = Scrape.now();
        try (WsClient a = WsClient.connect(ws, "id=" + unique("alice") + "&room=" + room);
                WsClient b = WsClient.connect(ws, "id=" + unique("bob") + "&room=" + room)) {
            a.next("joined");
            b.next("joined");
            Scrape during = Scrape.now();
            assertEquals(1, during.since(before, "roomcast_rooms_by_size{members=\"2-10\"}"));
        }
    }
}
