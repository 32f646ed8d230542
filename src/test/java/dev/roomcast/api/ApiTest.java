package dev.roomcast.api;

import static dev.roomcast.support.Ids.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.ConfigOverrides;
import dev.roomcast.support.Scrape;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** The HTTP API with real WebSocket clients on the other end: every endpoint, every error, auth and metrics. */
@QuarkusTest
@QuarkusTestResource(value = ConfigOverrides.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.api.keys", value = ApiTest.KEY),
        @ResourceArg(name = "roomcast.api.impersonating-keys", value = ApiTest.ADMIN),
        @ResourceArg(name = "roomcast.limits.max-content-bytes", value = "1000") })
public class ApiTest {

    static final String KEY = "test-key-0123456789";
    static final String ADMIN = "admin-key-0123456789";

    @TestHTTPResource("/ws")
    URI ws;

    static RequestSpecification api(String key) {
        return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON);
    }

    static RequestSpecification api() {
        return api(KEY);
    }

    private WsClient member(String room) {
        WsClient client = WsClient.connect(ws, "id=" + unique("u") + "&room=" + room);
        client.next("joined");
        return client;
    }

    @Test
    void aRoomMessageReachesTheMembersWithItsOffsetOnceById() {
        String room = unique("orders");
        try (WsClient member = member(room)) {
            long offset = api().body(Map.of("content", Map.of("order", 42), "id", "o-42")).post("/api/v1/rooms/" + room + "/messages")
                    .then().statusCode(200).extract().jsonPath().getLong("offset");
            JsonNode message = member.next("message");
            assertEquals("server", message.get("from").asText());
            assertEquals(42, message.get("content").get("order").asInt());
            assertEquals(offset, message.get("offset").asLong());

            api().body(Map.of("content", "again", "id", "o-42")).post("/api/v1/rooms/" + room + "/messages")
                    .then().statusCode(200).body("offset", equalTo((int) offset));
            api().body(Map.of("content", "next", "from", "orders")).post("/api/v1/rooms/" + room + "/messages")
                    .then().statusCode(200).body("offset", equalTo((int) offset + 1));
            JsonNode next = member.next("message");
            assertEquals("next", next.get("content").asText(), "the repeated id was not published again");
            assertEquals("orders", next.get("from").asText());
        }
    }

    /**
     * The API's sender (default server) is the server's name: no WebSocket client may take it, so a message
     * from it, sent by any key, cannot pass for a connected user's.
     */
    @Test
    void nobodyConnectsAsTheApisSenderSoItsMessagesAreTheServers() {
        Scrape before = Scrape.now();
        Throwable refused = WsClient.connectFailure(ws, "id=server");
        java.net.http.HttpResponse<?> response = org.junit.jupiter.api.Assertions
                .assertInstanceOf(java.net.http.WebSocketHandshakeException.class, refused, refused.toString()).getResponse();
        assertEquals(400, response.statusCode());
        assertEquals("invalid_id", response.headers().firstValue("X-Roomcast-Error").orElse(""));
        assertEquals("id 'server' is reserved: the server sends messages as server",
                response.headers().firstValue("X-Roomcast-Error-Message").orElse(""));
        assertEquals(1, Scrape.now().since(before, "roomcast_connections_total{outcome=\"rejected\",reason=\"invalid_id\"}"));
        String room = unique("r");
        try (WsClient member = member(room)) {
            api().body(Map.of("content", "from the server", "from", "server")).post("/api/v1/rooms/" + room + "/messages")
                    .then().statusCode(200);
            assertEquals("server", member.next("message").get("from").asText());
            api().body(Map.of("content", "x")).post("/api/v1/users/server/messages").then().statusCode(404)
                    .body("code", is("unknown_user"));
        }
    }

    @Test
    void aPrivateMessageReachesTheUserOrWaitsInItsInbox() {
        try (WsClient user = member(unique("r"))) {
            api().body(Map.of("content", "your order shipped")).post("/api/v1/users/" + user.user() + "/messages")
                    .then().statusCode(200).body("offset", is(1));
            JsonNode received = user.next("private");
            assertEquals("your order shipped", received.get("content").asText());
            assertEquals("server", received.get("from").asText());
            assertEquals(1, received.get("offset").asLong());
        }
        String away = unique("away");
        api().body(Map.of("content", "x", "id", "order-1")).post("/api/v1/users/" + away + "/messages")
                .then().statusCode(200).body("offset", is(1));
        api().body(Map.of("content", "x", "id", "order-1")).post("/api/v1/users/" + away + "/messages")
                .then().statusCode(200).body("offset", is(1)); // the same id: stored once
        try (WsClient back = WsClient.connect(ws, "id=" + away + "&inbox_since=0:gone")) {
            assertEquals("x", back.skipTo("private").get("content").asText());
            back.sync();
            assertEquals(List.of(), back.drain(), "stored once");
        }
    }

    @Test
    void aBroadcastReachesEveryone() {
        try (WsClient one = member(unique("r")); WsClient two = member(unique("r"))) {
            api().body(Map.of("content", "maintenance at 22:00")).post("/api/v1/broadcast").then().statusCode(200);
            assertEquals("maintenance at 22:00", one.skipTo("broadcast").get("content").asText());
            assertEquals("maintenance at 22:00", two.skipTo("broadcast").get("content").asText());
        }
    }

    @Test
    void membersArePagedInUserIdOrder() {
        String room = unique("team");
        try (WsClient a = member(room); WsClient b = member(room); WsClient c = member(room)) {
            List<String> sorted = java.util.stream.Stream.of(a.user(), b.user(), c.user()).sorted().toList();
            api().get("/api/v1/rooms/" + room + "/members?limit=2").then().statusCode(200).body("room", is(room))
                    .body("count", is(3)).body("users", equalTo(sorted.subList(0, 2))).body("next", is(sorted.get(1)));
            api().get("/api/v1/rooms/" + room + "/members?limit=2&after=" + sorted.get(1)).then().statusCode(200)
                    .body("users", equalTo(sorted.subList(2, 3))).body("next", nullValue());
        }
        api().get("/api/v1/rooms/" + room + "/members?limit=0").then().statusCode(400).body("code", is("invalid_message"));
    }

    @Test
    void roomsAreListedByPrefixWithTheirCounts() {
        String prefix = unique("listed") + "-";
        try (WsClient a = member(prefix + "a"); WsClient b = member(prefix + "b"); WsClient b2 = member(prefix + "b")) {
            api().get("/api/v1/rooms?prefix=" + prefix).then().statusCode(200)
                    .body("rooms.room", equalTo(List.of(prefix + "a", prefix + "b"))).body("rooms.count", equalTo(List.of(1, 2)))
                    .body("next", nullValue());
            api().get("/api/v1/rooms?prefix=" + prefix + "&limit=1").then().statusCode(200)
                    .body("rooms.room", equalTo(List.of(prefix + "a"))).body("next", is(prefix + "a"));
            api().get("/api/v1/rooms?prefix=" + prefix + "&limit=1&cursor=" + prefix + "a").then().statusCode(200)
                    .body("rooms.room", equalTo(List.of(prefix + "b")));
            // in memory a cursor is the last room name of the page before, so a number (too big for Redis's) is one too
            api().get("/api/v1/rooms?prefix=" + prefix + "&cursor=99999999999999999999999").then().statusCode(200)
                    .body("rooms.room", equalTo(List.of(prefix + "a", prefix + "b")));
        }
    }

    @Test
    void aUsersConnectionsAreListedAndClosed() {
        String user = unique("kim");
        String room = unique("r");
        WsClient one = WsClient.connect(ws, "id=" + user + "&room=" + room);
        WsClient two = WsClient.connect(ws, "id=" + user);
        try {
            one.next("joined");
            api().get("/api/v1/users/" + user).then().statusCode(200).body("user", is(user)).body("complete", is(true))
                    .body("connections.size()", is(2)).body("connections.rooms.flatten()", equalTo(List.of(room)));
            api().body(Map.of("code", 3000)).delete("/api/v1/users/" + user + "/connections").then().statusCode(400)
                    .body("code", is("invalid_message"));
            api().body("{").delete("/api/v1/users/" + user + "/connections").then().statusCode(400)
                    .body("code", is("malformed_json"));
            api().body(Map.of("code", 4010, "reason", "moderated")).delete("/api/v1/users/" + user + "/connections")
                    .then().statusCode(200).body("closed.size()", is(2));
            assertEquals(4010, one.awaitClose());
            assertEquals(4010, two.awaitClose());
            org.awaitility.Awaitility.await("the user's connections gone").atMost(java.time.Duration.ofSeconds(10))
                    .untilAsserted(() -> api().get("/api/v1/users/" + user).then().statusCode(404).body("code", is("unknown_user")));
        } finally {
            one.close();
            two.close();
        }
        try (WsClient other = member(unique("r"))) {
            api().delete("/api/v1/users/" + other.user() + "/connections").then().statusCode(200);
            assertEquals(4004, other.awaitClose(), "the default code");
        }
        api().delete("/api/v1/users/" + unique("nobody") + "/connections").then().statusCode(404).body("code", is("unknown_user"));
    }

    @Test
    void historyIsPagedByOffset() {
        String room = unique("log");
        for (int i = 1; i <= 3; i++) {
            api().body(Map.of("content", "m" + i)).post("/api/v1/rooms/" + room + "/messages").then().statusCode(200);
        }
        JsonNode all = WsClient.JSON.valueToTree(api().get("/api/v1/rooms/" + room + "/history").then().statusCode(200)
                .extract().as(Map.class));
        assertEquals(3, all.get("offset").asLong());
        assertEquals(List.of("m1", "m2", "m3"), texts(all));
        JsonNode first = WsClient.JSON.valueToTree(api().get("/api/v1/rooms/" + room + "/history?limit=2").then()
                .statusCode(200).extract().as(Map.class));
        assertEquals(List.of("m1", "m2"), texts(first));
        assertEquals(2, first.get("next").asLong());
        api().get("/api/v1/rooms/" + room + "/history?since=2").then().statusCode(200)
                .body("messages.content", equalTo(List.of("m3"))).body("messages[0].offset", is(3))
                .body("epoch", equalTo(all.get("epoch").asText()));
    }

    private static List<String> texts(JsonNode page) {
        List<String> out = new java.util.ArrayList<>();
        page.get("messages").forEach(m -> out.add(m.get("content").asText()));
        return out;
    }

    @Test
    void sendingAsAConnectedUserNeedsAnImpersonatingKey() {
        String room = unique("r");
        try (WsClient alice = member(room)) {
            api().body(Map.of("content", "hi", "from", alice.user())).post("/api/v1/rooms/" + room + "/messages")
                    .then().statusCode(403).body("code", is("forbidden"));
            api(ADMIN).body(Map.of("content", "as alice", "from", alice.user())).post("/api/v1/rooms/" + room + "/messages")
                    .then().statusCode(200);
            JsonNode message = alice.next("message");
            assertEquals(alice.user(), message.get("from").asText());
            api().body(Map.of("content", "x", "from", "not a valid id")).post("/api/v1/rooms/" + room + "/messages")
                    .then().statusCode(400).body("code", is("invalid_message"));
        }
    }

    @Test
    void everyErrorHasTheOneShape() {
        String path = "/api/v1/rooms/" + unique("r") + "/messages";
        given().contentType(ContentType.JSON).body("{\"content\":1}").post(path).then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer")).body("code", is("unauthenticated"));
        api("wrong-key").body("{\"content\":1}").post(path).then().statusCode(401).body("code", is("invalid_key"));
        api().body("{\"content\":").post(path).then().statusCode(400).body("code", is("malformed_json"));
        api().body("{\"id\":\"x\"}").post(path).then().statusCode(400).body("code", is("invalid_message"));
        api().body("{\"content\":1}").post("/api/v1/rooms/" + "x".repeat(300) + "/messages").then().statusCode(400)
                .body("code", is("invalid_room"));
        api().body(Map.of("content", "x".repeat(1200))).post(path).then().statusCode(413).body("code", is("content_too_large"));
        api().body(Map.of("content", "x".repeat(6000))).post(path).then().statusCode(413).body("code", is("content_too_large"));
        api().body("{\"content\":1,\"id\":\"" + "i".repeat(65) + "\"}").post(path).then().statusCode(400)
                .body("code", is("invalid_message"));
        api().body("[1]").post(path).then().statusCode(400).body("code", is("malformed_json"));
        api().body("{\"content\":1,\"id\":{}}").post(path).then().statusCode(400).body("code", is("malformed_json"));
        api().get("/api/v1/rooms/lobby/members?limit=many").then().statusCode(400).body("code", is("invalid_message"));
        api().get("/api/v1/rooms/lobby/history?since=x").then().statusCode(400).body("code", is("invalid_message"));
    }

    @Test
    void requestsAreCountedByEndpointAndOutcome() {
        Scrape before = Scrape.now();
        api().body(Map.of("content", 1)).post("/api/v1/rooms/" + unique("r") + "/messages").then().statusCode(200);
        api("wrong-key").body(Map.of("content", 1)).post("/api/v1/broadcast").then().statusCode(401);
        Scrape after = Scrape.now();
        assertEquals(1, after.since(before, "roomcast_api_requests_total{endpoint=\"room_message\",outcome=\"ok\"}"));
        assertEquals(1, after.since(before, "roomcast_api_requests_total{endpoint=\"broadcast\",outcome=\"invalid_key\"}"));
        assertTrue(after.hasMetric("roomcast_api_request_duration_seconds_count"));
    }

    @Test
    void theOpenApiDocumentDescribesTheEndpoints() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.keySet()", hasItems("/api/v1/rooms/{room}/messages", "/api/v1/users/{user}/messages",
                        "/api/v1/broadcast", "/api/v1/rooms/{room}/members", "/api/v1/rooms/{room}/history", "/api/v1/rooms",
                        "/api/v1/users/{user}", "/api/v1/users/{user}/connections"))
                .body("components.securitySchemes.apiKey.scheme", is("bearer"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
