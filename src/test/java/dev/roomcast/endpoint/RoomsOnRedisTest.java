package dev.roomcast.endpoint;

import jakarta.enterprise.inject.Typed;

import dev.roomcast.support.RedisTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The same tests with Redis fan-out and presence: every request goes through the async cluster path.
 * {@code @Typed} keeps this test bean from also being a {@code RoomsTest} bean (ambiguous otherwise).
 */
@QuarkusTest
@Typed(RoomsOnRedisTest.class)
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
public class RoomsOnRedisTest extends RoomsTest {

    /** Room messages are delivered, the sender's own included, as they come back on the room's channel. */
    @Override
    protected boolean ownMessageComesBackAtOnce() {
        return false;
    }
}
