package dev.roomcast.security;

import static dev.roomcast.support.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * Behind a trusted proxy (here: this test, on 127.0.0.1) the per-address limits count the client
 * address the proxy reports in {@code X-Forwarded-For}, not the proxy's own.
 */
@QuarkusTest
@QuarkusTestResource(value = ConfigOverrides.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.security.max-connections-per-address", value = "2"),
        @ResourceArg(name = "quarkus.http.proxy.proxy-address-forwarding", value = "true"),
        @ResourceArg(name = "quarkus.http.proxy.allow-x-forwarded", value = "true"),
        @ResourceArg(name = "quarkus.http.proxy.trusted-proxies", value = "127.0.0.1") })
public class ForwardedAddressTest {

    @TestHTTPResource("/ws")
    URI ws;

    private static Map<String, String> from(String client) {
        return Map.of("X-Forwarded-For", client);
    }

    @Test
    void eachForwardedClientHasItsOwnAllowance() {
        List<WsClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                open.add(WsClient.connect(ws, "id=" + unique("a"), from("203.0.113.7")));
            }
            assertEquals(429, Refusal.of(ws, "id=" + unique("a"), from("203.0.113.7")).status());
            // Same proxy, other clients: not held back by 203.0.113.7.
            open.add(WsClient.connect(ws, "id=" + unique("b"), from("203.0.113.8")));
            open.add(WsClient.connect(ws, "id=" + unique("c"), from("198.51.100.1, 127.0.0.1")));
        } finally {
            open.forEach(WsClient::close);
        }
    }
}
