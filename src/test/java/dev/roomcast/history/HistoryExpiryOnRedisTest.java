package dev.roomcast.history;

import jakarta.enterprise.inject.Typed;

import org.junit.jupiter.api.BeforeEach;

import dev.roomcast.support.ConfigOverrides;
import dev.roomcast.support.Readiness;
import dev.roomcast.support.RedisTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** The same on Redis: the history hash lives while the room has members anywhere, the stream expires. */
@QuarkusTest
@Typed(HistoryExpiryOnRedisTest.class)
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = ConfigOverrides.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.history.ttl", value = "1s") })
public class HistoryExpiryOnRedisTest extends HistoryExpiryTest {

    @BeforeEach
    void redisIsUp() {
        Readiness.await(200);
    }
}
