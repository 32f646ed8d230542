package dev.roomcast.api;

import static dev.roomcast.support.Ids.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.AppProcess;
import dev.roomcast.support.ConfigOverrides;
import dev.roomcast.support.Readiness;
import dev.roomcast.support.RedisTestResource;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;

/** The API on instance A (the packaged app under test) and clients on instance B, sharing one Redis. */
@QuarkusIntegrationTest
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = ConfigOverrides.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.api.keys", value = ApiClusterIT.KEY) })
public class ApiClusterIT {

    static final String KEY = "cluster-key-0123456789";

    @TestHTTPResource("/ws")
    URI a;

    private static AppProcess b;

    @BeforeAll
    static void startSecondInstance() throws Exception {
        Map<String, String> config = new HashMap<>(RedisTestResource.clusterConfig());
        config.put("roomcast.api.keys", KEY);
        b = AppProcess.start("api-instance-b", config);
    }

    @AfterAll
    static void stopSecondInstance() {
        if (b != null) {
            b.close();
        }
    }

    @BeforeEach
    void aIsReady() {
        Readiness.await(200);
    }

    private static io.restassured.specification.RequestSpecification api() {
        return given().header("Authorization", "Bearer " + KEY).contentType(ContentType.JSON);
    }

    @Test
    void aPublishThroughAsApiReachesBInOrderWithWebSocketTraffic() {
        String room = unique("mixed");
        try (WsClient onB = WsClient.connect(b.ws(), "id=" + unique("reader") + "&room=" + room);
                WsClient onA = WsClient.connect(a, "id=" + unique("writer") + "&room=" + room)) {
            onB.next("joined");
            onA.next("joined");
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String text = (i % 2 == 0 ? "api-" : "ws-") + i;
                if (i % 2 == 0) {
                    api().body(Map.of("content", text)).post("/api/v1/rooms/" + room + "/messages").then().statusCode(200);
                } else {
                    onA.send("type", "message", "room", room, "content", text, "ref", i);
                    onA.skipTo("accepted");
                }
                sent.add(text);
            }
            List<String> received = new ArrayList<>();
            long offset = -1;
            while (received.size() < sent.size()) {
                JsonNode message = onB.skipTo("message");
                received.add(message.get("content").asText());
                if (offset >= 0) {
                    assertEquals(offset + 1, message.get("offset").asLong(), "contiguous offsets");
                }
                offset = message.get("offset").asLong();
            }
            assertEquals(sent, received, "API and WebSocket messages in the order they were accepted");
        }
    }

    @Test
    void aPrivateMessageThroughAReachesTheUserOnB() {
        try (WsClient onB = WsClient.connect(b.ws(), "id=" + unique("target"))) {
            api().body(Map.of("content", "for you", "from", "support")).post("/api/v1/users/" + onB.user() + "/messages")
                    .then().statusCode(200);
            JsonNode received = onB.next("private");
            assertEquals("for you", received.get("content").asText());
            assertEquals("support", received.get("from").asText());
            api().body(Map.of("content", "x", "from", onB.user())).post("/api/v1/broadcast").then().statusCode(403)
                    .body("code", is("forbidden")); // a user connected on B cannot be impersonated through A
        }
    }

    @Test
    void aUserOnBothInstancesIsListedAndDisconnectedThroughA() {
        String user = unique("both");
        String room = unique("r");
        try (WsClient onA = WsClient.connect(a, "id=" + user + "&room=" + room);
                WsClient onB = WsClient.connect(b.ws(), "id=" + user)) {
            onA.next("joined");
            api().get("/api/v1/users/" + user).then().statusCode(200).body("complete", is(true))
                    .body("connections.size()", is(2)).body("connections.instance.unique().size()", is(2));
            api().delete("/api/v1/users/" + user + "/connections").then().statusCode(200).body("closed.size()", is(2));
            assertEquals(4004, onA.awaitClose());
            assertEquals(4004, onB.awaitClose(), "closed on B too");
        }
    }
}
