package dev.roomcast.cluster;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.roomcast.support.AppProcess;
import dev.roomcast.support.RedisClusterTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Two instances on a real Redis Cluster (three masters, a replica each): rooms, private messages, broadcasts, presence. */
@QuarkusIntegrationTest
@QuarkusTestResource(value = RedisClusterTestResource.class, restrictToAnnotatedClass = true)
public class RedisClusterIT extends CrossInstanceContract {

    private static AppProcess b;

    @BeforeAll
    static void startSecondInstance() throws Exception {
        b = AppProcess.start("instance-b", RedisClusterTestResource.clusterConfig());
    }

    @AfterAll
    static void stopSecondInstance() {
        if (b != null) {
            b.close();
        }
    }

    @Override
    protected AppProcess b() {
        return b;
    }

    @Override
    protected Map<String, String> instanceConfig() {
        return RedisClusterTestResource.clusterConfig();
    }
}
