package dev.roomcast.telemetry;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.roomcast.support.Readiness;
import dev.roomcast.support.RedisServer;
import dev.roomcast.support.RedisTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Readiness follows the canary (every 300 ms in the test config, DOWN after three missing): it
 * goes DOWN when Redis stops, and also when Redis stays up but stops delivering, and comes back.
 */
@QuarkusTest
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
public class ReadinessOnRedisTest {

    @Test
    void readyCarriesTheRoundTrip() {
        Readiness.await(200, Duration.ofSeconds(10));
        given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'fanout' }.data.type", equalTo("redis"))
                .body("checks.find { it.name == 'fanout' }.data.fanout_round_trip_ms", greaterThanOrEqualTo(0));
    }

    @Test
    void downWhileRedisIsStoppedAndUpAfterwards() throws Exception {
        Readiness.await(200, Duration.ofSeconds(10));
        RedisServer redis = RedisTestResource.server();
        redis.stop();
        try {
            Readiness.await(503, Duration.ofSeconds(5));
            given().get("/q/health/ready").then()
                    .body("checks.find { it.name == 'fanout' }.data", not(hasKey("fanout_round_trip_ms"))); // not a stale one
            given().get("/q/health/live").then().statusCode(200); // alive all the same: local rooms still work
        } finally {
            redis.start();
        }
        Readiness.await(200, Duration.ofSeconds(5));
    }

    /** The connection stays open but nothing comes through: only the canary can tell. */
    @Test
    void downWhileRedisStopsDeliveringWithTheConnectionOpen() {
        Readiness.await(200, Duration.ofSeconds(10));
        RedisServer redis = RedisTestResource.server();
        redis.freeze();
        try {
            Readiness.await(503, Duration.ofSeconds(5));
        } finally {
            redis.thaw();
        }
        Readiness.await(200, Duration.ofSeconds(5));
    }
}
