package dev.roomcast.endpoint;

import static dev.roomcast.support.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.WebSocketHandshakeException;
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
 * The opt-in batched format ({@code ?batch=1}): what waits for one flush arrives as one frame holding
 * a JSON array of the messages, in order and complete. Clients that did not ask keep getting one
 * message per frame. (The packed frame's size limit is checked in {@code PackedFramesTest}.)
 */
@QuarkusTest
public class BatchedFramesTest {

    @TestHTTPResource("/ws")
    URI ws;

    @Test
    void messagesArrivingTogetherArePackedInOrderForBatchClientsOnly() throws Exception {
        String room = unique("batch");
        int count = 200;
        try (WsClient batched = WsClient.connect(ws, "id=" + unique("batched") + "&room=" + room + "&batch=1");
                WsClient plain = WsClient.connect(ws, "id=" + unique("plain") + "&room=" + room + "&batch=0")) {
            batched.next("joined");
            plain.next("joined");
            sendTogether(room, count, i -> String.valueOf(i));

            List<String> batchedFrames = new ArrayList<>();
            assertContentsInOrder(messages(batched, count, batchedFrames), count);
            assertTrue(batchedFrames.stream().anyMatch(f -> f.startsWith("[")),
                    "200 messages written in one go reached the batch client without a single packed frame");
            List<String> plainFrames = new ArrayList<>();
            assertContentsInOrder(messages(plain, count, plainFrames), count);
            assertTrue(plainFrames.stream().allMatch(f -> f.startsWith("{")), "a client without ?batch got a packed frame");
        }
    }

    @Test
    void largeMessagesArriveWholeAndInOrder() throws Exception {
        String room = unique("batch-big");
        int count = 6;
        String filler = "x".repeat(30_000); // under max-content-bytes; three of them are over a packed frame's limit
        try (WsClient batched = WsClient.connect(ws, "id=" + unique("batched") + "&room=" + room + "&batch=true")) {
            batched.next("joined");
            sendTogether(room, count, i -> i + "-" + filler);

            List<JsonNode> received = messages(batched, count, new ArrayList<>());
            for (int i = 0; i < count; i++) {
                assertEquals(i + "-" + filler, received.get(i).get("content").asText(), "message " + i);
            }
        }
    }

    @Test
    void anUnknownBatchValueIsRefused() {
        Throwable refused = WsClient.connectFailure(ws, "id=" + unique("batched") + "&batch=yes");
        WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class, refused);
        assertEquals(400, handshake.getResponse().statusCode());
        assertEquals("invalid_batch", handshake.getResponse().headers().firstValue("X-Roomcast-Error").orElse(""));
        assertEquals("batch must be 1 or true (or 0 or false)",
                handshake.getResponse().headers().firstValue("X-Roomcast-Error-Message").orElse(""));
    }

    /** A sender in the room writes all messages in one TCP write, so the server handles them in one go. */
    private void sendTogether(String room, int count, java.util.function.IntFunction<String> content) throws Exception {
        try (RawWebSocket sender = RawWebSocket.connect(ws, "id=" + unique("sender") + "&room=" + room, 10_000)) {
            sender.readUntil(RawWebSocket.TEXT); // welcome
            sender.readUntil(RawWebSocket.TEXT); // joined
            List<String> requests = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                requests.add(WsClient.JSON.writeValueAsString(java.util.Map.of("type", "message", "room", room,
                        "content", content.apply(i))));
            }
            sender.writeTextsTogether(requests);
            sender.write(RawWebSocket.TEXT, true, "{\"type\":\"ping\",\"ref\":\"done\"}".getBytes(StandardCharsets.UTF_8));
            String pong;
            do { // its own messages come back first (it is in the room), then the pong
                pong = sender.readUntil(RawWebSocket.TEXT).text();
            } while (!pong.contains("\"pong\""));
        }
    }

    /** The next {@code count} room messages (packed ones unpacked by the client); every frame must be well formed. */
    private static List<JsonNode> messages(WsClient client, int count, List<String> frames) throws Exception {
        List<JsonNode> messages = new ArrayList<>();
        while (messages.size() < count) {
            messages.add(client.skipTo("message"));
        }
        for (String text : client.frames()) {
            JsonNode frame = WsClient.JSON.readTree(text);
            if (frame.isArray()) {
                assertTrue(frame.size() > 1, "a packed frame with one message: " + text);
                frame.forEach(message -> assertTrue(message.isObject(), "not a message: " + message));
            } else {
                assertTrue(frame.isObject(), "not a message: " + text);
            }
            frames.add(text);
        }
        return messages;
    }

    private static void assertContentsInOrder(List<JsonNode> messages, int count) {
        assertEquals(count, messages.size());
        for (int i = 0; i < count; i++) {
            assertEquals(String.valueOf(i), messages.get(i).get("content").asText(), "message " + i + " out of order");
        }
    }
}
