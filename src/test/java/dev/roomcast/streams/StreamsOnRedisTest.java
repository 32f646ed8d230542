package dev.roomcast.streams;

import org.junit.jupiter.api.BeforeEach;

import dev.roomcast.support.ConfigOverrides;
import dev.roomcast.support.Readiness;
import dev.roomcast.support.RedisTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** Inboxes, broadcasts and read positions in Redis: one stream per inbox, one for broadcasts, a hash of positions per user. */
@QuarkusTest
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = ConfigOverrides.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.api.keys", value = StreamsContract.KEY),
        @ResourceArg(name = "roomcast.inbox.size", value = "20") })
public class StreamsOnRedisTest extends StreamsContract {

    @BeforeEach
    void redisIsUp() {
        Readiness.await(200);
    }
}
