package dev.roomcast.security;

import static dev.roomcast.support.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.RawWebSocket;
import dev.roomcast.support.Refusal;
import dev.roomcast.support.Scrape;
import dev.roomcast.support.ConfigOverrides;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Origin allowlist, the per-instance cap and the per-connection rates (frames of every kind, and bytes),
 * with tight settings.
 */
@QuarkusTest
@QuarkusTestResource(value = ConfigOverrides.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.security.allowed-origins", value = "https://app.example.com"),
        @ResourceArg(name = "roomcast.security.max-connections", value = "4"),
        @ResourceArg(name = "roomcast.security.messages-per-second", value = "1"),
        @ResourceArg(name = "roomcast.security.message-burst", value = "5"),
        @ResourceArg(name = "roomcast.security.bytes-per-second", value = "100"),
        @ResourceArg(name = "roomcast.security.byte-burst", value = "4000"),
        @ResourceArg(name = "roomcast.security.abuse-limit", value = "5"),
        // pongs cost a token too: the test profile's 500 ms heartbeat would take half of this rate
        @ResourceArg(name = "roomcast.heartbeat.interval", value = "30s"),
        @ResourceArg(name = "roomcast.heartbeat.timeout", value = "60s") })
public class ConnectionLimitsTest {

    @TestHTTPResource("/ws")
    URI ws;

    @Test
    void onlyAllowedBrowserOriginsMayConnect() {
        assertEquals(403, Refusal.of(ws, "id=" + unique("evil"), Map.of("Origin", "https://evil.example.com")).status());
        try (WsClient good = WsClient.connect(ws, "id=" + unique("good"), Map.of("Origin", "https://app.example.com"));
                WsClient noBrowser = WsClient.connect(ws, "id=" + unique("cli"))) {
            good.sync();
            noBrowser.sync(); // no Origin header: not a browser, not subject to the check
        }
    }

    @Test
    void aFullInstanceRefusesWith503SoALoadBalancerRetriesElsewhere() {
        List<WsClient> clients = new ArrayList<>();
        Scrape before = Scrape.now();
        try {
            for (int i = 0; i < 4; i++) {
                clients.add(WsClient.connect(ws, "id=" + unique("u")));
            }
            assertEquals(503, Refusal.of(ws, "id=" + unique("fifth")).status());
            assertEquals(1, Scrape.now().since(before,
                    "roomcast_connections_total{outcome=\"rejected\",reason=\"max_connections\"}"));
        } finally {
            clients.forEach(WsClient::close);
        }
    }

    @Test
    void overTheMessageRateRequestsAreRefusedAndSustainedAbuseIsClosedWith1008() {
        try (WsClient c = WsClient.connect(ws, "id=" + unique("flooder"))) {
            for (int i = 0; i < 5; i++) { // the burst
                c.send("type", "ping", "ref", i);
            }
            for (int i = 0; i < 5; i++) {
                assertEquals(i, c.next("pong").get("ref").asInt());
            }
            for (int i = 0; i < 5; i++) { // five refused in a row is the abuse limit here
                c.send("type", "ping", "ref", "over-" + i);
            }
            for (int i = 0; i < 5; i++) {
                JsonNode error = c.next("error");
                assertEquals("rate_limited", error.get("code").asText());
                assertEquals("over-" + i, error.get("ref").asText());
            }
            assertEquals(1008, c.awaitClose());
        }
    }

    /** Unreadable, unknown and binary frames cost a token like any request, and count towards the 1008 close. */
    @Test
    void everyFrameCostsATokenReadableOrNot() {
        try (WsClient c = WsClient.connect(ws, "id=" + unique("garbage"))) {
            c.send("{\"type\":\"nope\",\"ref\":0}"); // the burst of five, each answered for what it is
            c.send("not json");
            c.sendBinary(new byte[] { 1, 2, 3 });
            c.send("{\"type\":\"nope\",\"ref\":3}");
            c.send("{\"ref\":4}");
            assertEquals("unknown_type", c.next("error").get("code").asText());
            assertEquals("malformed_json", c.next("error").get("code").asText());
            assertEquals("binary_not_supported", c.next("error").get("code").asText());
            assertEquals("unknown_type", c.next("error").get("code").asText());
            assertEquals("invalid_message", c.next("error").get("code").asText());
            c.send("{\"type\":\"nope\",\"ref\":\"over-0\"}"); // over the rate: refused as such, whatever it is
            c.send("not json either");
            c.sendBinary(new byte[] { 4 });
            c.send("{\"type\":\"nope\"}");
            c.send("[]");
            JsonNode first = c.next("error");
            assertEquals("rate_limited", first.get("code").asText());
            assertEquals("over-0", first.get("ref").asText(), "a readable ref is still echoed");
            for (int i = 1; i < 5; i++) {
                assertEquals("rate_limited", c.next("error").get("code").asText());
            }
            assertEquals(1008, c.awaitClose());
        }
    }

    /** Pings cost a token like any frame: the burst is answered, the rest are not, and a flood is closed 1008. */
    @Test
    void pingsCostTokensAndAPingFloodIsClosedWith1008() throws IOException {
        try (RawWebSocket c = RawWebSocket.connect(ws, "id=" + unique("pinger"), 5000)) {
            c.readUntil(RawWebSocket.TEXT); // welcome
            for (int i = 0; i < 15; i++) {
                c.write(RawWebSocket.PING, true, ("p" + i).getBytes(StandardCharsets.US_ASCII));
            }
            List<String> pongs = new ArrayList<>();
            RawWebSocket.Frame frame;
            while ((frame = c.read()) != null && frame.opcode() != RawWebSocket.CLOSE) {
                if (frame.opcode() == RawWebSocket.PONG) {
                    pongs.add(frame.text());
                }
            }
            assertNotNull(frame, "the connection ended without a close frame; pongs: " + pongs);
            assertEquals(1008, frame.closeCode(), "pongs: " + pongs);
            assertEquals(List.of("p0", "p1", "p2", "p3", "p4"), pongs, "the burst of five is answered, no more");
        }
    }

    /** Millions of empty continuation frames were never refused: each costs a token now. */
    @Test
    void aFloodOfEmptyContinuationFramesIsClosedWith1008() throws IOException {
        try (RawWebSocket c = RawWebSocket.connect(ws, "id=" + unique("fragments"), 5000)) {
            c.readUntil(RawWebSocket.TEXT); // welcome
            c.write(RawWebSocket.TEXT, false, "{\"type\":".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 20; i++) {
                c.write(RawWebSocket.CONTINUATION, false, new byte[0]);
            }
            assertEquals(1008, c.awaitCloseCode());
        }
    }

    /** Bytes cost too: a burst of a few big messages uses up the byte burst, whatever the message count. */
    @Test
    void overTheByteRateRequestsAreRefused() {
        try (WsClient c = WsClient.connect(ws, "id=" + unique("big"))) {
            c.send("{\"type\":\"nope\",\"ref\":\"fits\",\"x\":\"" + "a".repeat(3000) + "\"}");
            assertEquals("unknown_type", c.next("error").get("code").asText(), "within the byte burst");
            c.send("{\"type\":\"nope\",\"ref\":\"over\",\"x\":\"" + "a".repeat(2000) + "\"}");
            JsonNode refused = c.next("error");
            assertEquals("rate_limited", refused.get("code").asText(), "3000 + 2000 bytes is over a 4000-byte burst");
            assertEquals("over", refused.get("ref").asText());
        }
    }
}
