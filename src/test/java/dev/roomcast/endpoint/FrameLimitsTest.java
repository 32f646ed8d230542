package dev.roomcast.endpoint;

import static dev.roomcast.support.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.roomcast.support.RawWebSocket;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Message size limits (close 1009) and refused upgrades. */
@QuarkusTest
public class FrameLimitsTest {

    @TestHTTPResource("/ws")
    URI ws;

    @Test
    void messageOverTheLimitClosesWith1009() {
        try (WsClient c = WsClient.connect(ws, "id=" + unique("big"))) {
            c.send("{\"type\":\"broadcast\",\"content\":\"" + "x".repeat(70_000) + "\"}");
            assertEquals(1009, c.awaitClose());
        }
    }

    @Test
    void fragmentedMessageOverTheLimitClosesWith1009() {
        try (WsClient c = WsClient.connect(ws, "id=" + unique("frag"))) {
            String part = "x".repeat(30_000);
            c.sendFragment("{\"type\":\"broadcast\",\"content\":\"", false);
            c.sendFragment(part, false);
            c.sendFragment(part, false);
            c.sendFragment(part, false);
            // Now over the limit: the server closes without waiting for a last fragment, which a client
            // could not always send anyway (JDK 25's client closes its output on the close frame).
            assertEquals(1009, c.awaitClose());
        }
    }

    @Test
    void fragmentedMessageUnderTheLimitIsReassembled() {
        try (WsClient c = WsClient.connect(ws, "id=" + unique("frag"))) {
            c.sendFragment("{\"type\":\"ping\",", false);
            c.sendFragment("\"ref\":\"joined-up\"}", true);
            assertEquals("joined-up", c.next("pong").get("ref").asText());
        }
    }

    /** A frame past the hard cap is cut off at once; the server goes on serving everyone else. */
    @Test
    void frameOverTheHardCapIsCutOffAndOthersAreUnaffected() throws Exception {
        try (WsClient bystander = WsClient.connect(ws, "id=" + unique("bystander"));
                RawWebSocket raw = RawWebSocket.connect(ws, "id=" + unique("huge"), 10_000)) {
            raw.readUntil(RawWebSocket.TEXT); // welcome
            try {
                raw.write(RawWebSocket.TEXT, true, new byte[300_000]);
            } catch (java.io.IOException reset) {
                // the server may reset the connection while we are still writing: that is the cut-off
            }
            int code = raw.awaitCloseCode();
            assertTrue(List.of(1009, 1006).contains(code), "closed for size, got " + code);
            bystander.send("type", "ping", "ref", "ok");
            assertEquals("ok", bystander.next("pong").get("ref").asText());
        }
    }

    @Test
    void invalidIdIsRefusedBeforeTheUpgrade() {
        Throwable failure = WsClient.connectFailure(ws, "id=has%20space");
        HttpResponse<?> refused = assertInstanceOf(WebSocketHandshakeException.class, failure).getResponse();
        assertEquals(400, refused.statusCode());
        assertEquals("invalid_id", refused.headers().firstValue("X-Roomcast-Error").orElse(""));
        assertTrue(refused.headers().firstValue("X-Roomcast-Error-Message").orElse("").startsWith("invalid id"),
                refused.headers().toString());
        assertEquals(400, assertInstanceOf(WebSocketHandshakeException.class,
                WsClient.connectFailure(ws, "id=" + "x".repeat(65))).getResponse().statusCode());
    }
}
