package dev.roomcast.endpoint;

import static dev.roomcast.support.Ids.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.RedisServer;
import dev.roomcast.support.Readiness;
import dev.roomcast.support.RedisTestResource;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** A leave while Redis is down is still announced to the members on this instance. */
@QuarkusTest
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
public class PresenceOnRedisTest {

    @TestHTTPResource("/ws")
    URI ws;

    @Test
    void aLeaveWhileRedisIsDownIsStillAnnouncedToTheMembersHere() throws Exception {
        String room = unique("outage");
        Readiness.await(200);
        try (WsClient alice = WsClient.connect(ws, "id=" + unique("alice") + "&room=" + room);
                WsClient bob = WsClient.connect(ws, "id=" + unique("bob") + "&room=" + room)) {
            alice.next("joined");
            assertEquals(bob.user(), alice.next("user_joined").get("user").asText());
            bob.next("joined");
            RedisServer redis = RedisTestResource.server();
            redis.stop();
            try {
                Readiness.await(503);
                bob.send("type", "leave", "room", room, "ref", 1);
                assertEquals(1, bob.skipTo("left").get("ref").asInt()); // a repeated user_joined may come first (protocol.md)
                JsonNode left = alice.skipTo("user_left");
                assertEquals(bob.user(), left.get("user").asText());
            } finally {
                redis.start();
            }
        }
        Readiness.await(200);
    }

}
