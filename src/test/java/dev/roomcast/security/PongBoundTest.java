package dev.roomcast.security;

import static dev.roomcast.support.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;

import org.junit.jupiter.api.Test;

import dev.roomcast.support.ConfigOverrides;
import dev.roomcast.support.RawWebSocket;
import dev.roomcast.support.Scrape;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Pongs are outbound bytes like any other: a client that pings and never reads is closed as a slow
 * consumer (4002) at the outbound bound, instead of growing its pongs in memory without limit (2.8 M
 * pings took RSS from 190 MB to 930 MB). The rate is off here, so only the bound can stop it.
 */
@QuarkusTest
@QuarkusTestResource(value = ConfigOverrides.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.outbound.max-queued-bytes", value = "65536"),
        // the client never answers the heartbeat's pings: only the bound may close it here
        @ResourceArg(name = "roomcast.heartbeat.timeout", value = "60s") })
public class PongBoundTest {

    /** Far more pong bytes than the socket buffers on both sides can hold. */
    private static final int PINGS = 100_000;

    @TestHTTPResource("/ws")
    URI ws;

    @Test
    void aClientThatPingsAndNeverReadsIsClosedAsASlowConsumer() throws IOException {
        Scrape before = Scrape.now();
        try (RawWebSocket c = RawWebSocket.connect(ws, "id=" + unique("pinger"), 20_000, 4096)) {
            byte[] payload = new byte[125];
            try {
                for (int i = 0; i < PINGS; i++) {
                    c.write(RawWebSocket.PING, true, payload);
                }
            } catch (IOException closedMeanwhile) {
                // the server gave up on the connection while pings were still being written
            }
            assertEquals(4002, c.awaitCloseCode(), "the pongs that were written, then the close");
        }
        assertEquals(1, Scrape.now().since(before, "roomcast_slow_consumer_disconnects_total"),
                "closed as a slow consumer");
    }
}
