package dev.roomcast.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;

import dev.roomcast.support.ConfigOverrides;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** Each key has its own request rate: past its burst a key gets 429 while another key is still served. */
@QuarkusTest
@QuarkusTestResource(value = ConfigOverrides.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.api.keys", value = "slow-key,other-key"),
        @ResourceArg(name = "roomcast.api.requests-per-second", value = "0.01"),
        @ResourceArg(name = "roomcast.api.burst", value = "3") })
public class ApiRateLimitTest {

    @Test
    void aKeyOverItsRateGets429() {
        for (int i = 0; i < 3; i++) {
            given().header("Authorization", "Bearer slow-key").get("/api/v1/rooms/lobby/members").then().statusCode(200);
        }
        given().header("Authorization", "Bearer slow-key").get("/api/v1/rooms/lobby/members").then().statusCode(429)
                .body("code", is("rate_limited"));
        given().header("Authorization", "Bearer other-key").get("/api/v1/rooms/lobby/members").then().statusCode(200);
    }
}
