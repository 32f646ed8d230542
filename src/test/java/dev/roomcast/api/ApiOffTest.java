package dev.roomcast.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Without configured keys the API is off: every path under /api/v1 is 404 api_off, whatever key is sent. */
@QuarkusTest
public class ApiOffTest {

    @Test
    void everyEndpointIsNotFound() {
        given().header("Authorization", "Bearer anything").contentType("application/json").body("{\"content\":1}")
                .post("/api/v1/broadcast").then().statusCode(404).body("code", is("api_off"));
        given().get("/api/v1/rooms/lobby/members").then().statusCode(404).body("code", is("api_off"));
    }
}
