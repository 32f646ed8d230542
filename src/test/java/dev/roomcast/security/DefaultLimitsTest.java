package dev.roomcast.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.roomcast.support.Ids;
import dev.roomcast.support.UpgradeStorm;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** With the default limits, one machine (or one proxy, or one office behind NAT) may connect many clients at once. */
@QuarkusTest
public class DefaultLimitsTest {

    @TestHTTPResource("/ws")
    URI ws;

    @Test
    void fortyClientsFromOneAddressAtOnceAreAllServed() throws Exception {
        try (UpgradeStorm storm = UpgradeStorm.of(ws, "id=" + Ids.unique("office") + "-{i}", 40, 1, Map.of())) {
            assertEquals(40, storm.count(101), "per-address limits are off by default: " + storm.statuses());
        }
    }
}
