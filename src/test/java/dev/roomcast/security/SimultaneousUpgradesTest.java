package dev.roomcast.security;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.roomcast.support.ConfigOverrides;
import dev.roomcast.support.Ids;
import dev.roomcast.support.Scrape;
import dev.roomcast.support.UpgradeStorm;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The caps hold when hundreds of upgrades arrive together, from many addresses and from one (auth off). */
@QuarkusTest
@QuarkusTestResource(value = ConfigOverrides.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.security.max-connections", value = "50"),
        @ResourceArg(name = "roomcast.security.max-connections-per-address", value = "5"),
        @ResourceArg(name = "roomcast.security.connections-per-second-per-address", value = "100000") })
public class SimultaneousUpgradesTest {

    @TestHTTPResource("/ws")
    URI ws;

    /** Each test starts with every place free: the last one's connections may still be closing. */
    @BeforeEach
    void awaitNoConnections() {
        await().atMost(Duration.ofSeconds(10)).until(() -> Scrape.now().value("roomcast_connections_active") == 0);
    }

    @Test
    void theInstanceCapHoldsUnderAStormFromThirtyAddresses() throws Exception {
        Scrape before = Scrape.now();
        try (UpgradeStorm storm = UpgradeStorm.of(ws, "id=" + Ids.unique("s") + "-{i}", 300, 30, Map.of())) {
            // 30 addresses × 5 allowed each = 150 could pass the per-address cap; the instance cap is 50
            assertEquals(50, storm.count(101), "accepted: " + storm.statuses());
            assertEquals(250, storm.count(503) + storm.count(429), "refused: " + storm.statuses());
            Scrape after = Scrape.now();
            assertEquals(250.0, after.since(before, "roomcast_connections_total{outcome=\"rejected\",reason=\"max_connections\"}")
                    + after.since(before, "roomcast_connections_total{outcome=\"rejected\",reason=\"address_connections\"}"));
            await().atMost(Duration.ofSeconds(10)).until(() -> Scrape.now().value("roomcast_connections_active") == 50);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertEquals(0, Scrape.now().value("roomcast_connections_active"), "places given back at close"));
        try (UpgradeStorm again = UpgradeStorm.of(ws, "id=" + Ids.unique("t") + "-{i}", 50, 10, Map.of())) {
            assertEquals(50, again.count(101), "every place is free again: " + again.statuses());
        }
    }

    /** The sweep that expires unopened upgrades (every second) must leave the places of open connections alone. */
    @Test
    void openConnectionsKeepTheirPlacesPastTheSweep() throws Exception {
        try (UpgradeStorm first = UpgradeStorm.of(ws, "id=" + Ids.unique("first") + "-{i}", 50, 10, Map.of())) {
            assertEquals(50, first.count(101), "accepted: " + first.statuses());
            await().during(Duration.ofMillis(2_500)).atMost(Duration.ofSeconds(5))
                    .until(() -> Scrape.now().value("roomcast_connections_active") == 50); // the sweep ran meanwhile
            try (UpgradeStorm more = UpgradeStorm.of(ws, "id=" + Ids.unique("more") + "-{i}", 10, 10, Map.of())) {
                assertEquals(10, more.count(503), "the instance is still full: " + more.statuses());
            }
        }
    }

    @Test
    void thePerAddressCapHoldsUnderAStormFromOneAddress() throws Exception {
        try (UpgradeStorm storm = UpgradeStorm.of(ws, "id=" + Ids.unique("one") + "-{i}", 20, 1, Map.of())) {
            assertEquals(5, storm.count(101), "accepted: " + storm.statuses());
            assertEquals(15, storm.count(429), "refused: " + storm.statuses());
        }
    }
}
