package dev.roomcast.security;

import static dev.roomcast.support.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.JwksTestResource;
import dev.roomcast.support.Refusal;
import dev.roomcast.support.Scrape;
import dev.roomcast.support.TestTokens;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;

/** {@code auth.mode=required}, keys from a JWKS URL: who may connect, as whom, and until when. */
@QuarkusTest
@QuarkusTestResource(value = JwksTestResource.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.auth.mode", value = "required"),
        @ResourceArg(name = "roomcast.api.sender", value = AuthRequiredTest.API_SENDER) })
public class AuthRequiredTest {

    /** The API's sender here: the name the server sends as, which no token may make its user's. */
    static final String API_SENDER = "backend";

    @TestHTTPResource("/ws")
    URI ws;

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    @Test
    void withoutATokenTheUpgradeIsRefusedWith401AndABearerChallenge() {
        Scrape before = Scrape.now();
        Refusal refused = Refusal.of(ws, null, Map.of());
        assertEquals(401, refused.status());
        assertEquals("Bearer realm=\"roomcast\"", refused.challenge());
        assertEquals("unauthenticated", refused.code());
        assertEquals("a bearer token is required", refused.message());
        assertEquals(1, Scrape.now().since(before,
                "roomcast_connections_total{outcome=\"rejected\",reason=\"unauthenticated\"}"));
    }

    @Test
    void theUserIdIsTheTokensSubjectFromTheHeaderOrTheQuery() {
        String alice = unique("alice");
        try (WsClient header = WsClient.connect(ws, null, bearer(TestTokens.token(alice, c -> c)));
                WsClient query = WsClient.connect(ws, "access_token=" + TestTokens.token(alice, c -> c))) {
            assertEquals(alice, header.user());
            assertEquals(alice, query.user());
        }
        assertTrue(JwksTestResource.FETCHES.get() >= 1, "keys came from the JWKS endpoint");
    }

    @Test
    void aClientChosenIdIsRefusedOnceAuthIsOn() {
        Refusal refused = Refusal.of(ws, "id=mallory", bearer(TestTokens.token(unique("bob"), c -> c)));
        assertEquals(400, refused.status());
        assertEquals("invalid_id", refused.code());
        assertTrue(refused.message().contains("token's sub"), refused.message());
    }

    @Test
    void forgedExpiredAndForeignTokensAreRefusedWith401() {
        Scrape before = Scrape.now();
        String user = unique("eve");
        List<String> bad = List.of(
                TestTokens.sign(Jwt.issuer(TestTokens.ISSUER).subject(user).expiresIn(3600), TestTokens.STRANGER),
                TestTokens.token(user, Instant.now().minusSeconds(5), c -> c),
                TestTokens.sign(Jwt.issuer("https://other.example").subject(user).expiresIn(3600), TestTokens.KEYS),
                TestTokens.token("no spaces allowed", c -> c),
                "not.a.jwt");
        for (String token : bad) {
            Refusal refused = Refusal.of(ws, null, bearer(token));
            assertEquals(401, refused.status(), token);
            assertEquals("Bearer realm=\"roomcast\", error=\"invalid_token\"", refused.challenge());
            assertEquals("invalid_token", refused.code());
            assertTrue(refused.message().startsWith("invalid token") || refused.message().startsWith("token"),
                    refused.message());
        }
        assertEquals(bad.size(), Scrape.now().since(before,
                "roomcast_connections_total{outcome=\"rejected\",reason=\"invalid_token\"}"));
    }

    /** A message from the API's sender is the server's: a token whose sub is that name is refused like a bad sub. */
    @Test
    void aTokenNamingTheServersSenderIsRefused() {
        Scrape before = Scrape.now();
        Refusal refused = Refusal.of(ws, null, bearer(TestTokens.token(API_SENDER, c -> c)));
        assertEquals(401, refused.status());
        assertEquals("invalid_token", refused.code());
        assertEquals("Bearer realm=\"roomcast\", error=\"invalid_token\"", refused.challenge());
        assertEquals("token sub '" + API_SENDER + "' is reserved: the server sends messages as " + API_SENDER, refused.message());
        assertEquals(1, Scrape.now().since(before, "roomcast_connections_total{outcome=\"rejected\",reason=\"invalid_token\"}"));
        try (WsClient server = WsClient.connect(ws, null, bearer(TestTokens.token("server", c -> c)))) {
            assertEquals("server", server.user(), "only the configured sender is reserved");
        }
    }

    /** With ?refusal=close (browsers): the same refusals as a close the page can read, 4401 and the reason. */
    @Test
    void authRefusalsAreClosesWhenTheClientAsks() {
        Scrape before = Scrape.now();
        Refusal.Closed none = Refusal.byClose(ws, "refusal=close");
        assertEquals(4401, none.closeCode());
        assertEquals("unauthenticated: a bearer token is required", none.reason());
        Refusal.Closed forged = Refusal.byClose(ws, "refusal=close&access_token=" + TestTokens.sign(
                Jwt.issuer(TestTokens.ISSUER).subject(unique("eve")).expiresIn(3600), TestTokens.STRANGER));
        assertEquals(4401, forged.closeCode());
        assertTrue(forged.reason().startsWith("invalid_token: "), forged.reason());
        Refusal.Closed reserved = Refusal.byClose(ws, "refusal=close&access_token=" + TestTokens.token(API_SENDER, c -> c));
        assertEquals(4401, reserved.closeCode());
        assertEquals("invalid_token: token sub '" + API_SENDER + "' is reserved: the server sends messages as " + API_SENDER,
                reserved.reason());
        Refusal.Closed chosen = Refusal.byClose(ws, "refusal=close&id=mallory&access_token=" + TestTokens.token(unique("bob"), c -> c));
        assertEquals(4400, chosen.closeCode());
        assertTrue(chosen.reason().startsWith("invalid_id: "), chosen.reason());
        assertEquals(1, Scrape.now().since(before, "roomcast_connections_total{outcome=\"rejected\",reason=\"unauthenticated\"}"));
        assertEquals(2, Scrape.now().since(before, "roomcast_connections_total{outcome=\"rejected\",reason=\"invalid_token\"}"));
    }

    /** MicroProfile JWT requires iat, and Roomcast keeps that (it bounds a token's age); the docs say so. */
    @Test
    void aTokenWithoutIssuedAtIsRefused() {
        Refusal refused = Refusal.of(ws, null, bearer(TestTokens.withoutIssuedAt(unique("noiat"))));
        assertEquals(401, refused.status());
        assertEquals("invalid_token", refused.code());
        assertTrue(refused.message().contains("Issued At"), refused.message());
    }

    @Test
    void aConnectionIsClosedWith4003WhenItsTokenExpires() {
        Instant expiry = Instant.now().plusSeconds(2);
        try (WsClient c = WsClient.connect(ws, null, bearer(TestTokens.token(unique("brief"), expiry, b -> b)))) {
            c.send("type", "ping", "ref", 1);
            assertEquals(1, c.next("pong").get("ref").asInt()); // served while the token is valid
            assertEquals(4003, c.awaitClose());
            assertFalse(Instant.now().isBefore(expiry.minusMillis(1000)), "closed no sooner than the token's exp second");
        }
    }

    @Test
    void roomsComeFromTheTokensClaims() {
        String owner = unique("owner");
        String reader = unique("reader");
        String room = unique("team-a");
        try (WsClient o = WsClient.connect(ws, "room=" + room + ",secret",
                bearer(TestTokens.token(owner, c -> c.claim("rooms", List.of("team-*")).claim("broadcast", true))));
                WsClient r = WsClient.connect(ws, null,
                        bearer(TestTokens.token(reader, c -> c.claim("rooms", "team-* lobby").claim("publish", "lobby"))))) {
            assertEquals(room, o.next("joined").get("room").asText());
            JsonNode refused = o.next("error");
            assertEquals("forbidden", refused.get("code").asText());
            assertTrue(refused.get("message").asText().contains("'secret'"), refused.toString());

            r.send("type", "join", "room", room, "ref", "j1");
            assertEquals("j1", r.next("joined").get("ref").asText());
            r.send("type", "join", "room", "elsewhere", "ref", "j2");
            assertError(r.next("error"), "forbidden", "j2");
            r.send("type", "message", "room", room, "content", "may I?", "ref", "m1");
            assertError(r.next("error"), "forbidden", "m1"); // may read the room, not write to it
            r.send("type", "broadcast", "content", "everyone!", "ref", "b1");
            assertError(r.next("error"), "forbidden", "b1"); // no broadcast claim: the default is no

            o.send("type", "message", "room", room, "content", "hello team");
            assertEquals("hello team", r.next("message").get("content").asText());
            o.send("type", "broadcast", "content", "all hands");
            assertEquals("all hands", r.next("broadcast").get("content").asText());
        }
    }

    private static void assertError(JsonNode error, String code, String ref) {
        assertEquals(code, error.get("code").asText(), error.toString());
        assertEquals(ref, error.get("ref").asText(), error.toString());
    }
}
