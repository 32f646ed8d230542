package dev.roomcast.security;

import static dev.roomcast.support.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
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

/**
 * Per client address: one new connection a second (and a burst of one).
 * The open-connection cap per address is tested on its own (AddressConnectionsTest).
 */
@QuarkusTest
@QuarkusTestResource(value = ConfigOverrides.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.security.max-connections-per-address", value = "100"),
        @ResourceArg(name = "roomcast.security.connections-per-second-per-address", value = "1") })
public class AddressLimitsTest {

    @TestHTTPResource("/ws")
    URI ws;

    @Test
    void connectingTooFastFromOneAddressIsRefusedWith429() {
        List<WsClient> open = new ArrayList<>();
        try {
            WsClient first = WsClient.connect(ws, "id=" + unique("a")); // the bucket holds 1 (burst = rate)
            open.add(first);
            Refusal tooFast = Refusal.of(ws, "id=" + unique("b"));
            assertEquals(429, tooFast.status());
            assertEquals("address_rate", tooFast.code());
            assertTrue(tooFast.message().contains("too fast"), tooFast.message());
        } finally {
            open.forEach(WsClient::close);
        }
    }
}
