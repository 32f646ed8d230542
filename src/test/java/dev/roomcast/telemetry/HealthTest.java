package dev.roomcast.telemetry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** In memory mode readiness does not depend on Redis; both probes carry data. */
@QuarkusTest
public class HealthTest {

    @Test
    void liveWhileTheEventLoopsRun() {
        given().get("/q/health/live").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'event-loop' }.data.task_delay_ms", greaterThanOrEqualTo(0));
    }

    @Test
    void readyWithoutRedisInMemoryMode() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'fanout' }.data.type", equalTo("memory"))
                .body("checks.find { it.name == 'fanout' }.data.connections", greaterThanOrEqualTo(0));
    }

    @Test
    void started() {
        given().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
    }
}
