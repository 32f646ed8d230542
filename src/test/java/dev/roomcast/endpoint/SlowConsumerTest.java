package dev.roomcast.endpoint;

import static dev.roomcast.support.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.Scrape;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A client that stops reading is closed with 4002 once its outbound queue (256 KiB in the test
 * profile) overflows, while a normal client in the same room receives every message in order.
 */
@QuarkusTest
public class SlowConsumerTest {

    @TestHTTPResource("/ws")
    URI ws;

    @Test
    void slowReaderIsClosedAndNormalReaderGetsEverything() {
        String room = unique("room");
        int messages = 600; // 600 x 30 KB = 18 MB: far past both sockets' buffers plus the queue bound
        String pad = "x".repeat(30_000);
        Scrape before = Scrape.now();
        try (WsClient publisher = WsClient.connect(ws, "id=" + unique("pub") + "&room=" + room);
                WsClient normal = WsClient.connect(ws, "id=" + unique("normal") + "&room=" + room);
                WsClient slow = WsClient.connect(ws, "id=" + unique("slow") + "&room=" + room)) {
            publisher.next("joined");
            normal.next("joined");
            slow.next("joined");
            slow.pause();

            for (int i = 0; i < messages; i++) {
                publisher.send("{\"type\":\"message\",\"room\":\"" + room + "\",\"content\":{\"i\":" + i + ",\"pad\":\"" + pad + "\"}}");
                // lockstep: the normal reader keeps pace, so only the paused one falls behind
                JsonNode m = normal.skipTo("message");
                assertEquals(i, m.get("content").get("i").asInt(), "normal reader gets every message in order");
            }

            slow.resume();
            assertEquals(4002, slow.awaitClose(), "closed as slow consumer");
            List<Integer> got = slow.drain().stream().filter(m -> "message".equals(m.path("type").asText()))
                    .map(m -> m.get("content").get("i").asInt()).toList();
            assertTrue(got.size() < messages, "the slow reader was cut off, yet got all " + got.size());
            assertEquals(IntStream.range(0, got.size()).boxed().toList(), got, "what it got is an unbroken prefix");
            assertEquals(slow.user(), normal.skipTo("user_left").get("user").asText());
            Scrape after = Scrape.now();
            assertEquals(1, after.since(before, "roomcast_slow_consumer_disconnects_total"));
            assertTrue(after.since(before, "roomcast_outbound_dropped_total") >= messages - got.size() - 1,
                    "every message the slow reader missed was dropped, not queued");
        }
    }
}
