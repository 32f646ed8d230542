package dev.roomcast.security;

import static dev.roomcast.support.Ids.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.roomcast.support.ConfigOverrides;
import dev.roomcast.support.RawWebSocket;
import dev.roomcast.support.Refusal;
import dev.roomcast.support.Scrape;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code ?refusal=close}: a refusal that retrying cannot fix is told by a close a browser can read (4400, 4401,
 * 4403 and {@code "<reason>: <message>"}); retryable ones stay HTTP; without the parameter nothing changes.
 * The auth refusals (4401) are in {@link AuthRequiredTest}.
 */
@QuarkusTest
@QuarkusTestResource(value = ConfigOverrides.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.security.allowed-origins", value = "https://app.example.com"),
        @ResourceArg(name = "roomcast.security.max-connections", value = "3") })
public class RefusalByCloseTest {

    private static final String CLOSE = "refusal=close&";

    @TestHTTPResource("/ws")
    URI ws;

    private static void assertClosed(Refusal.Closed closed, int code, String reason, String messageStart) {
        assertEquals(code, closed.closeCode(), closed.toString());
        assertTrue(closed.reason().startsWith(reason + ": " + messageStart), closed.toString());
        assertTrue(closed.framesBefore().isEmpty(), "nothing before the close: " + closed);
    }

    private static double rejected(Scrape before, String reason) {
        return Scrape.now().since(before, "roomcast_connections_total{outcome=\"rejected\",reason=\"" + reason + "\"}");
    }

    @Test
    void eachRefusalThatRetryingCannotFixIsAClose() {
        Scrape before = Scrape.now();
        assertClosed(Refusal.byClose(ws, CLOSE + "id=has%20space"), 4400, "invalid_id", "invalid id: use 1-64");
        assertClosed(Refusal.byClose(ws, CLOSE + "id=server"), 4400, "invalid_id", "id 'server' is reserved");
        assertClosed(Refusal.byClose(ws, CLOSE + "batch=yes"), 4400, "invalid_batch", "batch must be 1 or true");
        assertClosed(Refusal.byClose(ws, CLOSE + "room=a&since=b:1:e"), 4400, "invalid_since", "since names room 'b'");
        assertClosed(Refusal.byClose(ws, CLOSE + "id=" + unique("evil"), Map.of("Origin", "https://evil.example.com")),
                4403, "origin", "origin not allowed: https://evil.example.com");
        assertEquals(2, rejected(before, "invalid_id"));
        assertEquals(1, rejected(before, "invalid_batch"));
        assertEquals(1, rejected(before, "invalid_since"));
        assertEquals(1, rejected(before, "origin"));
        try (WsClient fine = WsClient.connect(ws, CLOSE + "id=" + unique("fine"), Map.of("Origin", "https://app.example.com"))) {
            fine.sync(); // an accepted upgrade is not affected by the parameter
        }
    }

    @Test
    void withoutTheParameterRefusalsStayHttp() {
        assertEquals(400, Refusal.of(ws, "id=has%20space").status());
        assertEquals(400, Refusal.of(ws, "refusal=http&id=has%20space").status());
        assertEquals(403, Refusal.of(ws, "id=" + unique("evil"), Map.of("Origin", "https://evil.example.com")).status());
        Refusal unknown = Refusal.of(ws, "refusal=later&id=" + unique("u"));
        assertEquals(400, unknown.status());
        assertEquals("invalid_refusal", unknown.code());
    }

    /** A full instance is a refusal that retrying (later, or elsewhere) can fix: it stays 503, which opens nothing. */
    @Test
    void retryableRefusalsStayHttpWhenClosesAreAsked() {
        List<WsClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                clients.add(WsClient.connect(ws, "id=" + unique("u")));
            }
            assertEquals(503, Refusal.of(ws, CLOSE + "id=" + unique("fourth")).status());
            assertEquals(503, Refusal.of(ws, CLOSE + "id=has%20space").status(), "the limits come before the id");
            assertEquals(503, Refusal.of(ws, CLOSE + "id=" + unique("evil"), Map.of("Origin", "https://evil.example.com"))
                    .status(), "a close would open a connection: the origin refusal waits for a place like any other");
        } finally {
            clients.forEach(WsClient::close);
        }
    }

    /**
     * A connection opened only to be closed holds its place under the caps until it is closed, and is closed
     * even when the client never answers the close frame (RFC 6455 lets the server end the TCP connection).
     */
    @Test
    void aRefusedConnectionCountsAgainstTheCapsUntilItIsClosedPromptly() throws Exception {
        List<WsClient> clients = new ArrayList<>();
        try (RawWebSocket silent = RawWebSocket.connect(ws, CLOSE + "id=has%20space", 30_000)) {
            RawWebSocket.Frame close = silent.readUntil(RawWebSocket.CLOSE);
            long closeSent = System.nanoTime();
            assertEquals(4400, close.closeCode());
            for (int i = 0; i < 2; i++) {
                clients.add(WsClient.connect(ws, "id=" + unique("u")));
            }
            assertEquals(503, Refusal.of(ws, "id=" + unique("fourth")).status(), "the refused connection holds a place");
            silent.write(RawWebSocket.TEXT, true, "{\"type\":\"ping\",\"ref\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertNull(silent.read(), "nothing more (what it sends is ignored), then the server ends the TCP connection");
            Duration closedAfter = Duration.ofNanos(System.nanoTime() - closeSent);
            assertTrue(closedAfter.compareTo(Duration.ofSeconds(15)) < 0, "closed after " + closedAfter);
            System.out.println("a refused connection that does not answer its close was cut off after " + closedAfter);
            await("the place is given back").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        try (WsClient third = WsClient.connect(ws, "id=" + unique("third"))) {
                            return true;
                        } catch (AssertionError | RuntimeException full) {
                            return false;
                        }
                    });
        } finally {
            clients.forEach(WsClient::close);
        }
    }

    /** Vert.x answers pings by itself: a refused connection's pings must go unanswered, before and after its Close. */
    @Test
    void aRefusedConnectionsPingsAreNotAnswered() throws Exception {
        try (RawWebSocket refused = RawWebSocket.connect(ws, CLOSE + "id=has%20space", 15_000)) {
            for (int i = 0; i < 20; i++) {
                refused.write(RawWebSocket.PING, true, ("p" + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            List<Integer> opcodes = new ArrayList<>();
            RawWebSocket.Frame frame;
            while ((frame = refused.read()) != null && frame.opcode() != RawWebSocket.CLOSE) {
                opcodes.add(frame.opcode());
            }
            assertEquals(List.of(), opcodes, "nothing before the Close");
            refused.writeClose(4400);
            while ((frame = refused.read()) != null) {
                opcodes.add(frame.opcode());
            }
            assertEquals(List.of(), opcodes, "nothing after the Close either");
        }
    }
}
