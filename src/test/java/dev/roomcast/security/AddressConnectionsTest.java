package dev.roomcast.security;

import static dev.roomcast.support.Ids.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.roomcast.support.ConfigOverrides;
import dev.roomcast.support.Refusal;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** At most 3 open connections per client address; a closed one frees its place. */
@QuarkusTest
@QuarkusTestResource(value = ConfigOverrides.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.security.max-connections-per-address", value = "3") })
public class AddressConnectionsTest {

    @TestHTTPResource("/ws")
    URI ws;

    @Test
    void aFourthConnectionFromTheSameAddressIsRefusedUntilOneCloses() {
        List<WsClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(WsClient.connect(ws, "id=" + unique("a")));
            }
            Refusal refused = Refusal.of(ws, "id=" + unique("b"));
            assertEquals(429, refused.status());
            assertEquals("address_connections", refused.code());
            assertTrue(refused.message().contains("too many open"), refused.message());

            open.remove(0).close();
            WsClient[] admitted = new WsClient[1];
            await("a place frees up").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions().until(() -> (admitted[0] = WsClient.connect(ws, "id=" + unique("c"))) != null);
            open.add(admitted[0]);
        } finally {
            open.forEach(WsClient::close);
        }
    }
}
