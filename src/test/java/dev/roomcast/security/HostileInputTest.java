package dev.roomcast.security;

import static dev.roomcast.support.Ids.unique;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.ConfigOverrides;
import dev.roomcast.support.RawWebSocket;
import dev.roomcast.support.Scrape;
import dev.roomcast.support.Witness;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Everything a hostile client can cheaply throw at the server, one attack after another, while a
 * witness pair keeps talking. Each attack gets its documented answer; afterwards the server is
 * healthy, holds no leftover connections or rooms, and its heap is back near where it started.
 */
@QuarkusTest
@QuarkusTestResource(value = ConfigOverrides.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.security.messages-per-second", value = "1000"),
        @ResourceArg(name = "roomcast.security.message-burst", value = "600"),
        @ResourceArg(name = "roomcast.security.abuse-limit", value = "500"),
        // Slow readers must be closed for their queue (4002), not for missed pongs first.
        @ResourceArg(name = "roomcast.heartbeat.timeout", value = "20s") })
public class HostileInputTest {

    private static final long MIB = 1024 * 1024;
    private final Random random = new Random(20261121);

    @TestHTTPResource("/ws")
    URI ws;

    @Test
    void theBatteryLeavesTheServerHealthyAndOthersServed() throws Exception {
        await("no connections left from earlier tests").atMost(Duration.ofSeconds(10))
                .until(() -> Scrape.now().value("roomcast_connections_active") == 0);
        long baseline = heapAfterGc();
        Witness.Report report;
        long battery;
        try (Witness witness = new Witness(ws, 20)) {
            long start = System.nanoTime();
            attack("random bytes instead of HTTP", this::randomBytesInsteadOfHttp);
            attack("random bytes after the upgrade", this::randomBytesAfterTheUpgrade);
            attack("a frame header claiming exabytes", this::aFrameHeaderClaimingExabytes);
            attack("thousands of tiny fragments", this::thousandsOfTinyFragments);
            attack("invalid UTF-8", this::invalidUtf8);
            attack("deeply nested JSON", this::deeplyNestedJson);
            attack("enormous room names", this::enormousRoomNames);
            attack("thousands of joins", this::thousandsOfJoins);
            attack("a flood over the rate limit", this::aFloodOverTheRateLimit);
            attack("a flood at a client that does not read", this::aFloodFromAClientThatDoesNotRead);
            attack("hundreds of connections dropped without a close", this::hundredsOfConnectionsDroppedWithoutAClose);
            battery = (System.nanoTime() - start) / 1_000_000;
            report = witness.finish();
        }
        assertEquals(report.sent(), report.received(), "every witness message was delivered");
        // One message per 20 ms while the battery ran (however fast this machine runs it), give or take a few.
        assertTrue(report.sent() >= battery / 20 - 5, "the witness talked throughout the " + battery + " ms: " + report);
        assertTrue(report.worstMillis() < 3000, "the witness was never stalled for long: " + report);

        RestAssured.given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
        await("every hostile connection is gone").atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Scrape now = Scrape.now();
            assertEquals(0, now.value("roomcast_connections_active"), "connections");
            assertEquals(0, now.value("roomcast_rooms"), "rooms");
        });
        long after = heapAfterGc();
        System.out.printf("hostile input: witness %s; heap %d MiB before, %d MiB after%n", report, baseline / MIB,
                after / MIB);
        assertTrue(after < baseline + 32 * MIB,
                "heap back near baseline: " + baseline / MIB + " MiB before, " + after / MIB + " MiB after");
    }

    private interface Attack {
        void run() throws Exception;
    }

    /** Runs one attack; the log shows when, so a witness failure can be matched to what was going on. */
    private static void attack(String name, Attack attack) throws Exception {
        System.out.printf("%tT.%<tL hostile input: %s%n", System.currentTimeMillis(), name);
        attack.run();
    }

    /** Not HTTP at all: the server drops the connection (400 or a plain close) and nothing else. */
    private void randomBytesInsteadOfHttp() throws IOException {
        for (int i = 0; i < 20; i++) {
            try (Socket socket = new Socket(ws.getHost(), ws.getPort())) {
                socket.setSoTimeout(10_000);
                byte[] garbage = new byte[4096 + random.nextInt(60_000)];
                random.nextBytes(garbage);
                try {
                    socket.getOutputStream().write(garbage);
                } catch (IOException reset) {
                    // closed while we were still writing: refused
                }
                assertTrue(closedOrRefused(socket), "garbage connection ended");
            }
        }
    }

    /** A valid upgrade, then noise instead of frames: a protocol error ends that connection only. */
    private void randomBytesAfterTheUpgrade() throws IOException {
        for (int i = 0; i < 20; i++) {
            try (RawWebSocket raw = RawWebSocket.connect(ws, "id=" + unique("noise"), 10_000)) {
                raw.readUntil(RawWebSocket.TEXT); // welcome
                byte[] noise = new byte[1 + random.nextInt(8192)];
                random.nextBytes(noise);
                noise[0] = (byte) 0x8F; // FIN + a reserved opcode, so it is never accidentally valid
                try {
                    raw.writeRaw(noise);
                } catch (IOException reset) {
                    // refused mid-write
                }
                raw.awaitCloseCode();
            }
        }
    }

    /** A header announcing a 2^62-byte frame: cut off from the header alone, nothing allocated. */
    private void aFrameHeaderClaimingExabytes() throws IOException {
        try (RawWebSocket raw = RawWebSocket.connect(ws, "id=" + unique("exa"), 10_000)) {
            raw.readUntil(RawWebSocket.TEXT);
            ByteBuffer header = ByteBuffer.allocate(14).put((byte) 0x81).put((byte) (0x80 | 127)).putLong(1L << 62)
                    .putInt(0x01020304);
            raw.writeRaw(header.array());
            assertTrue(List.of(1009, 1006).contains(raw.awaitCloseCode()));
        }
    }

    /**
     * A message in 20,000 ten-byte fragments: over max-message-bytes (1009) and, since every fragment costs a token,
     * over the rate (1008), whichever comes first; never unbounded reassembly.
     */
    private void thousandsOfTinyFragments() throws IOException {
        try (RawWebSocket raw = RawWebSocket.connect(ws, "id=" + unique("frag"), 10_000)) {
            raw.readUntil(RawWebSocket.TEXT);
            byte[] piece = "0123456789".getBytes(StandardCharsets.US_ASCII);
            try {
                raw.write(RawWebSocket.TEXT, false, piece);
                for (int i = 0; i < 20_000; i++) {
                    raw.write(0x0, false, piece);
                }
            } catch (IOException closed) {
                // the server may close before we finish
            }
            int code = raw.awaitCloseCode();
            assertTrue(List.of(1008, 1009).contains(code), "closed with " + code);
        }
    }

    /**
     * A text frame that is not valid UTF-8: each bad sequence is read as U+FFFD and the request is
     * handled as such (Vert.x does not check, so no 1007); nothing breaks.
     */
    private void invalidUtf8() throws IOException {
        try (RawWebSocket raw = RawWebSocket.connect(ws, "id=" + unique("utf"), 10_000)) {
            raw.readUntil(RawWebSocket.TEXT); // welcome
            byte[] prefix = "{\"type\":\"ping\",\"ref\":\"a".getBytes(StandardCharsets.US_ASCII);
            byte[] frame = ByteBuffer.allocate(prefix.length + 5).put(prefix).put(new byte[] { (byte) 0xFF, 'b', '"', '}' })
                    .array();
            raw.write(RawWebSocket.TEXT, true, java.util.Arrays.copyOf(frame, prefix.length + 4));
            JsonNode pong = WsClient.JSON.readTree(raw.readUntil(RawWebSocket.TEXT).text());
            assertEquals("pong", pong.get("type").asText(), pong.toString());
            assertEquals("a\uFFFDb", pong.get("ref").asText());
        }
    }

    /** 30,000 levels of nesting, in a request and in content: an error frame, the connection stays. */
    private void deeplyNestedJson() {
        try (WsClient c = WsClient.connect(ws, "id=" + unique("deep") + "&room=" + unique("deep-room"))) {
            String room = c.next("joined").get("room").asText();
            String deep = "[".repeat(30_000) + "]".repeat(30_000);
            c.send("{\"type\":\"ping\",\"ref\":1,\"x\":" + deep + "}");
            assertEquals("malformed_json", c.next("error").get("code").asText());
            c.send("{\"type\":\"message\",\"room\":\"" + room + "\",\"content\":" + deep + "}");
            JsonNode refused = c.next("error");
            assertTrue(List.of("malformed_json", "content_too_large").contains(refused.get("code").asText()),
                    refused.toString());
            c.send("type", "ping", "ref", "alive");
            assertEquals("alive", c.next("pong").get("ref").asText());
        }
    }

    /** Room names of 60 KB, in a request and in the upgrade URL. */
    private void enormousRoomNames() {
        try (WsClient c = WsClient.connect(ws, "id=" + unique("bigroom"))) {
            c.send("type", "join", "room", "r".repeat(60_000), "ref", 1);
            assertEquals("invalid_room", c.next("error").get("code").asText());
        }
        Throwable refused = WsClient.connectFailure(ws, "id=" + unique("bigurl") + "&room=" + "r".repeat(60_000));
        assertTrue(refused instanceof java.net.http.WebSocketHandshakeException || refused instanceof IOException,
                refused.toString());
    }

    /** 5,000 joins over ten connections, then join/leave churn: too_many_rooms beyond the cap, no rooms left behind. */
    private void thousandsOfJoins() {
        for (int c = 0; c < 10; c++) {
            try (WsClient joiner = WsClient.connect(ws, "id=" + unique("joiner"))) {
                for (int i = 0; i < 500; i++) {
                    joiner.send("type", "join", "room", "j" + c + "-" + i, "ref", i);
                }
                joiner.send("type", "ping", "ref", "done");
                int joined = 0;
                int refused = 0;
                for (JsonNode frame : joiner.receivedUntil("pong")) {
                    if (frame.get("type").asText().equals("joined")) {
                        joined++;
                    } else if (frame.get("code") != null && frame.get("code").asText().equals("too_many_rooms")) {
                        refused++;
                    }
                }
                assertEquals(5, joined);
                assertEquals(495, refused);
                for (int i = 0; i < 40; i++) {
                    joiner.send("type", "leave", "room", "j" + c + "-0");
                    joiner.send("type", "join", "room", "j" + c + "-0");
                }
                joiner.sync();
            }
        }
    }

    /** Far over the message rate: rate_limited, then 1008 once it keeps on. */
    private void aFloodOverTheRateLimit() {
        try (WsClient c = WsClient.connect(ws, "id=" + unique("flood"))) {
            for (int i = 0; i < 20_000 && !c.isClosed(); i++) {
                if (!sent(() -> c.send("type", "ping"))) {
                    break; // the server closed it mid-flood
                }
            }
            assertEquals(1008, c.awaitClose());
        }
    }

    /** A member that never reads while its room is flooded: its queue fills and it is closed (4002), not buffered forever. */
    private void aFloodFromAClientThatDoesNotRead() throws Exception {
        String room = unique("flooded");
        try (RawWebSocket deaf = RawWebSocket.connect(ws, "id=" + unique("deaf") + "&room=" + room, 30_000, 4096);
                RawWebSocket flooder = RawWebSocket.connect(ws, "id=" + unique("flooder") + "&room=" + room, 30_000)) {
            // The flooder sends each message once the one before came back to it, so only the deaf one lags (a
            // flooder that never waited could be closed as a slow consumer of its own echoes first, ending the flood).
            byte[] big = ("{\"type\":\"message\",\"room\":\"" + room + "\",\"content\":\"" + "x".repeat(30_000) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 400; i++) { // 12 MB, under the rate limit's burst
                flooder.write(RawWebSocket.TEXT, true, big);
                RawWebSocket.Frame echo;
                do {
                    echo = flooder.readUntil(RawWebSocket.TEXT);
                } while (!echo.text().startsWith("{\"type\":\"message\""));
            }
            assertEquals(4002, deaf.awaitCloseCode());
        }
    }

    /** 300 connections that vanish without a close frame: the server notices and forgets them. */
    private void hundredsOfConnectionsDroppedWithoutAClose() throws IOException {
        List<RawWebSocket> sockets = new ArrayList<>();
        String room = unique("crowd");
        try {
            for (int i = 0; i < 300; i++) {
                sockets.add(RawWebSocket.connect(ws, "id=" + unique("crowd") + "&room=" + room, 10_000));
            }
        } finally {
            for (RawWebSocket socket : sockets) {
                socket.close(); // TCP close, no WebSocket close frame
            }
        }
    }

    /** False when the send failed because the connection was closed under it. */
    private static boolean sent(Runnable send) {
        try {
            send.run();
            return true;
        } catch (AssertionError closed) {
            return false;
        }
    }

    private static boolean closedOrRefused(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[1024];
            while (in.read(buffer) >= 0) {
                // a 400 response, if any, then end of stream
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
