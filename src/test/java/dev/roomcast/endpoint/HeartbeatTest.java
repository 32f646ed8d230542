package dev.roomcast.endpoint;

import static dev.roomcast.support.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;

import org.junit.jupiter.api.Test;

import dev.roomcast.support.RawWebSocket;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The test profile pings every 500 ms and closes after 3 s of silence. */
@QuarkusTest
public class HeartbeatTest {

    private static final long TIMEOUT_MS = 3_000;
    private static final long INTERVAL_MS = 500;

    @TestHTTPResource("/ws")
    URI ws;

    @Test
    void silentPeerIsClosedWith4001AfterTheTimeout() throws Exception {
        try (RawWebSocket silent = RawWebSocket.connect(ws, "id=" + unique("silent"), 15_000)) {
            long start = System.nanoTime();
            int pings = 0;
            RawWebSocket.Frame frame;
            long deadline = start + (TIMEOUT_MS + INTERVAL_MS + 2_000) * 1_000_000;
            while ((frame = silent.read()) != null && frame.opcode() != RawWebSocket.CLOSE) {
                assertTrue(System.nanoTime() < deadline, "still open well past the timeout after " + pings + " pings");
                if (frame.opcode() == RawWebSocket.PING) {
                    pings++; // and never answered
                }
            }
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(frame != null, "a close frame, not a dropped connection");
            assertEquals(4001, frame.closeCode());
            assertTrue(pings >= 2, "the server pinged before giving up: " + pings);
            assertTrue(elapsedMs >= TIMEOUT_MS, "closed before the timeout: " + elapsedMs + " ms");
            assertTrue(elapsedMs <= TIMEOUT_MS + INTERVAL_MS + 2_000, "closed too late: " + elapsedMs + " ms");
        }
    }

    @Test
    void peerAnsweringPingsStaysConnectedPastTheTimeout() throws Exception {
        try (RawWebSocket peer = RawWebSocket.connect(ws, "id=" + unique("lively"), 5_000)) {
            int answered = 0;
            long needed = 2 * TIMEOUT_MS / INTERVAL_MS; // pings across twice the timeout
            while (answered < needed) {
                RawWebSocket.Frame frame = peer.read();
                assertTrue(frame != null && frame.opcode() != RawWebSocket.CLOSE,
                        "closed although it answered " + answered + " pings: " + (frame == null ? "EOF" : frame.closeCode()));
                if (frame.opcode() == RawWebSocket.PING) {
                    peer.write(RawWebSocket.PONG, true, frame.payload());
                    answered++;
                }
            }
        }
    }

    @Test
    void clientPingIsAnsweredWithPong() {
        try (WsClient c = WsClient.connect(ws, "id=" + unique("pinger"))) {
            assertEquals("hello", c.ping("hello").toString());
        }
    }
}
