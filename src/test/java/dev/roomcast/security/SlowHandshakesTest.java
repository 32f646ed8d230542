package dev.roomcast.security;

import static dev.roomcast.support.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.Test;

import dev.roomcast.support.ConfigOverrides;
import dev.roomcast.support.KeptAliveRequests;
import dev.roomcast.support.UnfinishedHandshakes;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Slowloris: connections that never finish their upgrade are closed after the handshake timeout (Quarkus's
 * HTTP idle timeout would keep them for 30 minutes), also when they drip a byte now and then so they are
 * never idle; an established WebSocket is not touched by it.
 */
@QuarkusTest
@QuarkusTestResource(value = ConfigOverrides.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.security.handshake-timeout", value = "1s") })
public class SlowHandshakesTest {

    @TestHTTPResource("/ws")
    URI ws;

    @Test
    void unfinishedUpgradesAreClosedWhileEstablishedConnectionsStay() throws Exception {
        try (WsClient established = WsClient.connect(ws, "id=" + unique("steady"))) {
            established.sync();
            List<Socket> silent = new ArrayList<>();
            try {
                for (int i = 0; i < 25; i++) {
                    silent.add(UnfinishedHandshakes.open(ws));
                }
                for (Socket socket : silent) {
                    assertTrue(UnfinishedHandshakes.closedWithin(socket, 5_000), "an unfinished upgrade was still open after the timeout");
                }
                established.sync(); // still open, still answering, well past the 1 s timeout
                assertEquals(200, RestAssured.get("/q/health/live").statusCode());
            } finally {
                for (Socket socket : silent) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void dripFedUpgradesAreClosedAtTheDeadline() throws Exception {
        try (WsClient established = WsClient.connect(ws, "id=" + unique("steady"))) {
            established.sync();
            List<Socket> dripping = new ArrayList<>();
            ScheduledExecutorService dripper = null;
            try {
                for (int i = 0; i < 5; i++) {
                    dripping.add(UnfinishedHandshakes.open(ws)); // headers that never end
                    dripping.add(UnfinishedHandshakes.openWithBody(ws)); // a body that never ends
                }
                long start = System.nanoTime();
                // A byte every 200 ms: never idle for the 1 s timeout, so only a deadline ends these.
                dripper = UnfinishedHandshakes.drip(dripping, 200);
                for (Socket socket : dripping) {
                    assertTrue(UnfinishedHandshakes.closedWithin(socket, 5_000), "a drip-fed upgrade was still open 5 s after the 1 s deadline");
                }
                long tookMillis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(tookMillis >= 500, "closed after " + tookMillis + " ms, before the deadline");
                established.sync();
                assertEquals(200, RestAssured.get("/q/health/live").statusCode());
            } finally {
                if (dripper != null) {
                    dripper.shutdownNow();
                }
                for (Socket socket : dripping) {
                    socket.close();
                }
            }
        }
    }

    /**
     * The deadline counts from a request's arrival, not from the previous answer: a request that comes 0.8 s
     * after the last answer and takes 0.4 s to answer is answered, though 1.2 s pass without a write.
     */
    @Test
    void aRequestOnAKeptAliveConnectionHasTheWholeDeadline() throws Exception {
        try (KeptAliveRequests requests = KeptAliveRequests.open(ws, "/test/slow-answer?millis=400")) {
            assertEquals(200, requests.next(0));
            assertEquals(200, requests.next(800), "a slow answer after a quiet spell on the same connection");
            assertEquals(200, requests.next(800));
        }
    }

    @Test
    void aKeptAliveConnectionThatIsAnsweredStaysOpenPastTheDeadline() throws Exception {
        try (KeptAliveRequests requests = KeptAliveRequests.open(ws, "/q/health/live")) {
            // 12 requests 250 ms apart on one connection: 3 s, three times the deadline, each answered.
            for (int i = 0; i < 12; i++) {
                assertEquals(200, requests.next(250), "request " + i + " on the kept-alive connection");
            }
        }
    }
}
