package dev.roomcast.security;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.roomcast.support.ConfigOverrides;
import dev.roomcast.support.Ids;
import dev.roomcast.support.Scrape;
import dev.roomcast.support.TestTokens;
import dev.roomcast.support.UpgradeStorm;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;

/**
 * With auth required, tokens are verified off the event loop, so every upgrade of a storm is in flight
 * at the same moment: the instance cap must still hold, counting upgrades that passed it, not only
 * connections already open.
 */
@QuarkusTest
@QuarkusTestResource(value = SimultaneousAuthenticatedUpgradesTest.Settings.class, restrictToAnnotatedClass = true)
public class SimultaneousAuthenticatedUpgradesTest {

    public static class Settings extends ConfigOverrides {
        @Override
        public void init(Map<String, String> initArgs) {
            super.init(Map.of("roomcast.auth.mode", "required",
                    "mp.jwt.verify.publickey", TestTokens.publicKeyValue(),
                    "mp.jwt.verify.issuer", TestTokens.ISSUER,
                    "roomcast.security.max-connections", "50",
                    "roomcast.security.connections-per-second-per-address", "100000"));
        }
    }

    @TestHTTPResource("/ws")
    URI ws;

    private static void awaitNoConnections() {
        await().atMost(Duration.ofSeconds(10)).until(() -> Scrape.now().value("roomcast_connections_active") == 0);
    }

    @Test
    void theInstanceCapHoldsWhileTokensAreBeingVerified() throws Exception {
        awaitNoConnections();
        String token = TestTokens.token(Ids.unique("storm"), c -> c);
        try (UpgradeStorm storm = UpgradeStorm.of(ws, "x={i}", 300, 30, Map.of("Authorization", "Bearer " + token))) {
            assertEquals(50, storm.count(101), "accepted: " + storm.statuses());
            assertEquals(250, storm.count(503), "refused: " + storm.statuses());
            await().atMost(Duration.ofSeconds(10)).until(() -> Scrape.now().value("roomcast_connections_active") == 50);
        }
        awaitNoConnections();
    }

    @Test
    void aRefusedTokenGivesItsPlaceBack() throws Exception {
        String forged = TestTokens.sign(Jwt.issuer(TestTokens.ISSUER).subject("mallory").issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(3600)), TestTokens.STRANGER);
        awaitNoConnections();
        for (int round = 0; round < 3; round++) { // each storm fills every place before its tokens are refused
            try (UpgradeStorm refused = UpgradeStorm.of(ws, "x={i}", 50, 10, Map.of("Authorization", "Bearer " + forged))) {
                assertEquals(50, refused.count(401), "all refused: " + refused.statuses());
            }
        }
        String token = TestTokens.token(Ids.unique("after"), c -> c);
        try (UpgradeStorm storm = UpgradeStorm.of(ws, "x={i}", 50, 10, Map.of("Authorization", "Bearer " + token))) {
            assertEquals(50, storm.count(101), "no place was kept by a refused upgrade: " + storm.statuses());
        }
    }
}
