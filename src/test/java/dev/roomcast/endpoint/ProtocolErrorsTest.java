package dev.roomcast.endpoint;

import static dev.roomcast.support.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Every error code through a real connection; after each one the connection still works. */
@QuarkusTest
public class ProtocolErrorsTest {

    @TestHTTPResource("/ws")
    URI ws;

    private WsClient client;

    @BeforeEach
    void connect() {
        client = WsClient.connect(ws, "id=" + unique("errors"));
    }

    @AfterEach
    void stillUsableThenClose() {
        client.send("type", "ping", "ref", "alive");
        assertEquals("alive", client.next("pong").get("ref").asText(), "connection survives the bad request");
        assertFalse(client.isClosed());
        client.close();
    }

    private JsonNode error(String code) {
        JsonNode error = client.next("error");
        assertEquals(code, error.get("code").asText(), error::toString);
        assertTrue(error.get("message").asText().length() > 0, "errors explain themselves: " + error);
        return error;
    }

    @Test
    void malformedJson() {
        client.send("{not json");
        error("malformed_json");
        client.send("[1,2,3]");
        error("malformed_json");
    }

    @Test
    void missingFieldEchoesTheRef() {
        client.send("type", "join", "ref", "r1");
        assertEquals("r1", error("invalid_message").get("ref").asText());
        client.send("type", "message", "room", 7, "content", "x");
        error("invalid_message");
    }

    /** roomcast.js puts the ref last: it comes back even when a field before it is wrong. */
    @Test
    void refAfterTheBadFieldIsEchoed() {
        client.send("{\"type\":\"join\",\"room\":5,\"ref\":\"b1\"}");
        assertEquals("b1", error("invalid_message").get("ref").asText());
        client.send("{\"type\":\"members\",\"room\":\"r\",\"limit\":\"all\",\"ref\":2}");
        assertEquals(2, error("invalid_message").get("ref").asInt());
        client.send("{\"type\":\"message\",\"room\":\"r\",\"content\":1,\"id\":\"" + "i".repeat(65) + "\",\"ref\":\"long-id\"}");
        assertEquals("long-id", error("invalid_message").get("ref").asText());
    }

    @Test
    void unknownType() {
        client.send("type", "teleport", "ref", 3);
        assertEquals(3, error("unknown_type").get("ref").asInt());
    }

    @Test
    void invalidRoomNames() {
        client.send("type", "join", "room", "bad room!");
        error("invalid_room");
        client.send("type", "join", "room", "x".repeat(65));
        error("invalid_room");
        client.send("type", "join", "room", "");
        error("invalid_room");
    }

    @Test
    void notMember() {
        client.send("type", "message", "room", unique("room"), "content", "hi", "ref", "m");
        assertEquals("m", error("not_member").get("ref").asText());
        client.send("type", "leave", "room", unique("room"));
        error("not_member");
    }

    @Test
    void tooManyRooms() {
        for (int i = 0; i < 5; i++) { // the test profile allows 5
            client.send("type", "join", "room", unique("room"));
            client.next("joined");
        }
        client.send("type", "join", "room", unique("room"), "ref", "sixth");
        assertEquals("sixth", error("too_many_rooms").get("ref").asText());
    }

    @Test
    void contentTooLargeCountsUtf8Bytes() {
        String room = unique("room");
        client.send("type", "join", "room", room);
        client.next("joined");
        // the limit is 32768 bytes of JSON text; a string value adds its two quotes
        client.send("type", "message", "room", room, "content", "x".repeat(32766));
        assertEquals(32768, client.next("message").get("content").asText().length() + 2);
        client.send("type", "message", "room", room, "content", "x".repeat(32767));
        error("content_too_large");
        client.send("type", "broadcast", "content", "é".repeat(16384)); // 32768 + 2 bytes
        error("content_too_large");
        client.send("type", "private", "to", client.user(), "content", "x".repeat(40000));
        error("content_too_large");
    }

    @Test
    void privateToSomethingThatIsNoUserId() {
        client.send("type", "private", "to", "not a user", "content", "boo");
        error("invalid_message");
    }

    @Test
    void binaryFrame() {
        client.sendBinary(new byte[] { 1, 2, 3 });
        error("binary_not_supported");
    }
}
