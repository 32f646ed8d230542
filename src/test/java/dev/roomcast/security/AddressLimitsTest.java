package dev.roomcast.security;

import static dev.roomcast.support.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.roomcast.support.ConfigOverrides;
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
            HttpResponse<?> tooFast = refused();
            assertEquals(429, tooFast.statusCode());
            assertTrue(tooFast.headers().firstValue("X-Roomcast-Error").orElse("").contains("too fast"));
        } finally {
            open.forEach(WsClient::close);
        }
    }

    private HttpResponse<?> refused() {
        Throwable failure = WsClient.connectFailure(ws, "id=" + unique("b"));
        return assertInstanceOf(WebSocketHandshakeException.class, failure).getResponse();
    }
}
