package dev.roomcast.security;

import static dev.roomcast.support.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.ConfigOverrides;
import dev.roomcast.support.Refusal;
import dev.roomcast.support.TestTokens;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code auth.mode=optional} with the public key given inline: anonymous clients get the anonymous
 * grants (read-only by default), token holders their own, and a bad token is never downgraded.
 */
@QuarkusTest
@QuarkusTestResource(value = AuthOptionalTest.Keys.class, restrictToAnnotatedClass = true)
public class AuthOptionalTest {

    public static class Keys extends ConfigOverrides {
        @Override
        public void init(Map<String, String> initArgs) {
            super.init(Map.of("roomcast.auth.mode", "optional",
                    "roomcast.auth.anonymous-join", "public-*",
                    "mp.jwt.verify.publickey", TestTokens.publicKeyValue(),
                    "mp.jwt.verify.issuer", TestTokens.ISSUER));
        }
    }

    @TestHTTPResource("/ws")
    URI ws;

    @Test
    void anonymousClientsMayReadPublicRoomsButNotWrite() {
        String room = unique("public-news");
        try (WsClient anon = WsClient.connect(ws, null);
                WsClient editor = WsClient.connect(ws, "room=" + room,
                        Map.of("Authorization", "Bearer " + TestTokens.token(unique("editor"), c -> c)))) {
            assertTrue(anon.user().startsWith("anon-"), anon.user());
            editor.next("joined");
            anon.send("type", "join", "room", room, "ref", 1);
            anon.next("joined");
            anon.send("type", "join", "room", unique("staff"), "ref", 2);
            assertError(anon.next("error"), "forbidden", 2);
            anon.send("type", "message", "room", room, "content", "hi", "ref", 3);
            assertError(anon.next("error"), "forbidden", 3);
            anon.send("type", "broadcast", "content", "hi", "ref", 4);
            assertError(anon.next("error"), "forbidden", 4);
            anon.send("type", "private", "to", editor.user(), "content", "psst", "ref", 5);
            assertError(anon.next("error"), "forbidden", 5); // anonymous private messages are off by default

            editor.send("type", "message", "room", room, "content", "edition 1");
            assertEquals("edition 1", anon.next("message").get("content").asText());
            editor.send("type", "private", "to", anon.user(), "content", "welcome");
            assertEquals("welcome", anon.next("private").get("content").asText(), "token holders may");
        }
    }

    @Test
    void aBadTokenIsRefusedRatherThanTreatedAsAnonymous() {
        String expired = TestTokens.token(unique("late"), java.time.Instant.now().minusSeconds(60), c -> c);
        assertEquals(401, Refusal.of(ws, "access_token=" + expired, Map.of()).status());
        assertEquals(401, Refusal.of(ws, null, Map.of("Authorization", "Bearer garbage")).status());
    }

    private static void assertError(JsonNode error, String code, int ref) {
        assertEquals(code, error.get("code").asText(), error.toString());
        assertEquals(ref, error.get("ref").asInt(), error.toString());
    }
}
