package dev.roomcast.endpoint;

import static dev.roomcast.support.Ids.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.Readiness;
import dev.roomcast.support.RedisTestResource;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * After Redis lost its data (FLUSHALL), the instance re-tells Redis its members and announces them again, to
 * the other members only: nobody is told about itself. Its own class, with its own Redis, so that no restart
 * of Redis by another test precedes it.
 */
@QuarkusTest
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
public class PresenceResyncOnRedisTest {

    @TestHTTPResource("/ws")
    URI ws;

    @Test
    void afterRedisLostItsDataNobodyIsToldAboutItself() throws Exception {
        String room = unique("resync");
        Readiness.await(200);
        try (WsClient alice = WsClient.connect(ws, "id=" + unique("alice") + "&room=" + room);
                WsClient bob = WsClient.connect(ws, "id=" + unique("bob") + "&room=" + room)) {
            alice.next("joined");
            bob.next("joined");
            alice.next("user_joined");
            RedisTestResource.server().flushAll();
            // the re-sync (within a refresh of 1 s) announces each member again, to the other one only
            awaitNoticeAboutOtherOnly(alice, bob.user());
            awaitNoticeAboutOtherOnly(bob, alice.user());
        }
    }

    /** Frames until a user_joined about {@code other}, then until a pong: none may be a user_joined about itself. */
    private static void awaitNoticeAboutOtherOnly(WsClient client, String other) {
        List<JsonNode> seen = new ArrayList<>();
        JsonNode frame;
        do {
            frame = client.next();
            seen.add(frame);
        } while (!("user_joined".equals(frame.path("type").asText()) && other.equals(frame.path("user").asText())));
        client.send("type", "ping", "ref", "end");
        seen.addAll(client.receivedUntil("pong"));
        assertTrue(seen.stream().noneMatch(f -> client.user().equals(f.path("user").asText())),
                client.user() + " was told about itself: " + seen);
    }
}
