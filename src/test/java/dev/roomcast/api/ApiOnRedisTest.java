package dev.roomcast.api;

import static dev.roomcast.support.Ids.unique;
import static org.hamcrest.Matchers.is;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.roomcast.support.ConfigOverrides;
import dev.roomcast.support.Readiness;
import dev.roomcast.support.RedisServer;
import dev.roomcast.support.RedisTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The API on Redis: a rooms cursor Redis cannot take is a 400 like any other bad cursor. And when Redis fails, with the WebSocket protocol's codes: frozen (SIGSTOP), a private message Redis took
 * but never confirmed is 504 fanout_timeout; once the instance knows, a publish is 503 fanout_unavailable.
 */
@QuarkusTest
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = ConfigOverrides.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.api.keys", value = ApiTest.KEY) })
public class ApiOnRedisTest {

    @Test
    void aCursorRedisCannotTakeIs400() {
        Readiness.await(200);
        // SCAN's cursor is an unsigned 64-bit number: past 2^64-1 Redis answered an error, and the API a 500
        for (String cursor : List.of("99999999999999999999999", "18446744073709551616", "abc", "-1", "\u0661\u0662")) {
            ApiTest.api().queryParam("cursor", cursor).get("/api/v1/rooms").then().statusCode(400)
                    .body("code", is("invalid_message")).body("message", is("cursor must be the next of the page before"));
        }
        ApiTest.api().queryParam("cursor", "18446744073709551615").get("/api/v1/rooms").then().statusCode(200);
        ApiTest.api().queryParam("cursor", "0").get("/api/v1/rooms").then().statusCode(200);
    }

    @Test
    void aFrozenRedisIsATimeoutThenUnavailable() {
        Readiness.await(200);
        RedisServer redis = RedisTestResource.server();
        redis.freeze();
        try {
            ApiTest.api().body(Map.of("content", "psst")).post("/api/v1/users/" + unique("elsewhere") + "/messages")
                    .then().statusCode(504).body("code", is("fanout_timeout"));
            Readiness.await(503);
            ApiTest.api().body(Map.of("content", "x")).post("/api/v1/rooms/" + unique("r") + "/messages")
                    .then().statusCode(503).body("code", is("fanout_unavailable"));
        } finally {
            redis.thaw();
        }
        Readiness.await(200);
        ApiTest.api().body(Map.of("content", "back")).post("/api/v1/rooms/" + unique("r") + "/messages").then().statusCode(200);
    }
}
