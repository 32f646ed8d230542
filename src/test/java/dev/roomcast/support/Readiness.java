package dev.roomcast.support;

import static io.restassured.RestAssured.given;

import java.time.Duration;

/** Waits, bounded, for the app under test's readiness to answer with a status. */
public final class Readiness {

    private Readiness() {
    }

    public static void await(int status) {
        await(status, Duration.ofSeconds(10));
    }

    public static void await(int status, Duration within) {
        org.awaitility.Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(status));
    }
}
