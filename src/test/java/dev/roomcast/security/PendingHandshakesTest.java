package dev.roomcast.security;

import static dev.roomcast.support.Ids.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.time.Duration;
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
 * Handshakes that never finish count against a cap: the instance holds at most max-connections plus
 * max-pending-handshakes TCP connections, and closes the next one as it is accepted, so a slowloris flood
 * cannot exhaust the descriptors. Once the flood goes, the instance serves again at once.
 */
@QuarkusTest
@QuarkusTestResource(value = ConfigOverrides.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.security.max-connections", value = "2"),
        @ResourceArg(name = "roomcast.security.max-pending-handshakes", value = "3"),
        @ResourceArg(name = "roomcast.security.handshake-timeout", value = "30s") })
public class PendingHandshakesTest {

    private static final int CAP = 2 + 3;

    @TestHTTPResource("/ws")
    URI ws;

    @Test
    void unfinishedHandshakesBeyondTheCapAreClosedAtAccept() throws Exception {
        List<Socket> pending = new ArrayList<>();
        try (WsClient established = WsClient.connect(ws, "id=" + unique("steady"))) {
            established.sync();
            try {
                for (int i = 0; i < CAP - 1; i++) { // the WebSocket holds one of the places
                    pending.add(UnfinishedHandshakes.open(ws));
                }
                for (Socket socket : pending) {
                    assertFalse(UnfinishedHandshakes.closedWithin(socket, 300), "a handshake within the cap was closed");
                }
                try (Socket beyond = UnfinishedHandshakes.open(ws)) {
                    assertTrue(UnfinishedHandshakes.closedWithin(beyond, 5_000), "a handshake beyond the cap was kept open");
                }
                established.sync(); // the established connection is untouched by the flood
            } finally {
                for (Socket socket : pending) {
                    socket.close();
                }
            }
        }
        // Places come back as the sockets close: a new upgrade and a probe get through.
        await("the instance to serve again once the flood is gone")
                .atMost(Duration.ofSeconds(10))
                .until(() -> RestAssured.get("/q/health/live").statusCode() == 200);
        try (WsClient next = WsClient.connect(ws, "id=" + unique("after"))) {
            next.sync();
        }
        assertEquals(200, RestAssured.get("/q/health/live").statusCode());
    }

}
