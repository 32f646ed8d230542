package dev.roomcast.endpoint;

import jakarta.enterprise.inject.Typed;

import dev.roomcast.support.RedisTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The same tests with Redis fan-out and presence: every request goes through the async cluster path.
 * {@code @Typed} keeps this test bean from also being a {@code DirectMessagesTest} bean (ambiguous otherwise).
 */
@QuarkusTest
@Typed(DirectMessagesOnRedisTest.class)
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
public class DirectMessagesOnRedisTest extends DirectMessagesTest {
}
