package dev.roomcast.presence;

import org.junit.jupiter.api.BeforeEach;

import dev.roomcast.support.ConfigOverrides;
import dev.roomcast.support.Readiness;
import dev.roomcast.support.RedisTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** On Redis: counts from HLEN, pages from the members ZSET, diffs through the room's channel. */
@QuarkusTest
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = ConfigOverrides.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.presence.max-members-listed", value = "3"),
        @ResourceArg(name = "roomcast.presence.diff-interval", value = "200ms"),
        @ResourceArg(name = "roomcast.presence.quiet-rooms", value = "quiet-*") })
public class BigRoomPresenceOnRedisTest extends BigRoomPresenceContract {

    @BeforeEach
    void redisIsUp() {
        Readiness.await(200);
    }
}
