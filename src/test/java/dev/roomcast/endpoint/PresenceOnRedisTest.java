package dev.roomcast.endpoint;

import static dev.roomcast.support.Ids.unique;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.RedisServer;
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
        awaitReady(200);
        try (WsClient alice = WsClient.connect(ws, "id=" + unique("alice") + "&room=" + room);
                WsClient bob = WsClient.connect(ws, "id=" + unique("bob") + "&room=" + room)) {
            alice.next("joined");
            assertEquals(bob.user(), alice.next("user_joined").get("user").asText());
            bob.next("joined");
            RedisServer redis = RedisTestResource.server();
            redis.stop();
            try {
                awaitReady(503);
                bob.send("type", "leave", "room", room, "ref", 1);
                assertEquals(1, bob.next("left").get("ref").asInt());
                JsonNode left = alice.skipTo("user_left");
                assertEquals(bob.user(), left.get("user").asText());
            } finally {
                redis.start();
            }
        }
        awaitReady(200);
    }

    private static void awaitReady(int status) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(status));
    }
}
