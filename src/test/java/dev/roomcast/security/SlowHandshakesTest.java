package dev.roomcast.security;

import static dev.roomcast.support.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.roomcast.support.ConfigOverrides;
import dev.roomcast.support.UnfinishedHandshakes;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Slowloris: connections that never finish their upgrade are closed after the handshake timeout (Quarkus's
 * HTTP idle timeout would keep them for 30 minutes); an established WebSocket is not touched by it.
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
}
