package dev.roomcast.history;

import org.junit.jupiter.api.BeforeEach;

import dev.roomcast.support.ConfigOverrides;
import dev.roomcast.support.Readiness;
import dev.roomcast.support.RedisClusterTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** The history contract on a real Redis Cluster: each room's stream, offsets and ids in the room's slot. */
@QuarkusTest
@QuarkusTestResource(value = RedisClusterTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = ConfigOverrides.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.security.messages-per-second", value = "100000"),
        @ResourceArg(name = "roomcast.security.message-burst", value = "100000"),
        @ResourceArg(name = "roomcast.outbound.max-queued-bytes", value = "8388608"),
        @ResourceArg(name = "roomcast.history.size", value = "1000") })
public class HistoryOnRedisClusterTest extends HistoryContract {

    @Override
    protected int historySize() {
        return 1000;
    }

    @BeforeEach
    void redisIsUp() {
        Readiness.await(200);
    }
}
