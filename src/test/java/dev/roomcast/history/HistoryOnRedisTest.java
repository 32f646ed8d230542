package dev.roomcast.history;

import static dev.roomcast.support.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.ConfigOverrides;
import dev.roomcast.support.Readiness;
import dev.roomcast.support.RedisTestResource;
import dev.roomcast.support.WsClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** History in Redis: one stream per room, offsets assigned by the append script. */
@QuarkusTest
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = ConfigOverrides.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.security.messages-per-second", value = "100000"),
        @ResourceArg(name = "roomcast.security.message-burst", value = "100000"),
        @ResourceArg(name = "roomcast.outbound.max-queued-bytes", value = "8388608"),
        @ResourceArg(name = "roomcast.history.size", value = "1000") })
public class HistoryOnRedisTest extends HistoryContract {

    @Override
    protected int historySize() {
        return 1000; // a resumer of the seam test may take a while to reconnect on a slow machine
    }

    @BeforeEach
    void redisIsUp() {
        Readiness.await(200);
    }

    @Test
    void aRedisRestartedEmptyStartsANewEpochAndResumersAreTold() throws Exception {
        String room = unique("flushed");
        try (Member talker = member(room)) {
            JsonNode before = talker.joined();
            publish(talker.client(), room, 3);
            RedisTestResource.server().stop(); // no persistence: it comes back empty
            RedisTestResource.server().start();
            Readiness.await(200);
            try (WsClient back = WsClient.connect(ws, "id=" + unique("back"))) {
                back.send("type", "join", "room", room, "since", since(before));
                JsonNode again = back.next("joined");
                assertFalse(again.get("recovered").asBoolean(), again::toString);
                assertNotEquals(before.get("epoch").asText(), again.get("epoch").asText(), "a new history, a new epoch");
                assertEquals(0, again.get("offset").asLong(), "offsets start again");
            }
        }
    }
}
