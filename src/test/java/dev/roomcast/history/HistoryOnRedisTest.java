package dev.roomcast.history;

import static dev.roomcast.support.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

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
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/** History in Redis: one stream per room, offsets assigned by the append script. */
@QuarkusTest
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = ConfigOverrides.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "roomcast.security.messages-per-second", value = "100000"),
        @ResourceArg(name = "roomcast.security.message-burst", value = "100000"),
        @ResourceArg(name = "roomcast.outbound.max-queued-bytes", value = "8388608"),
        @ResourceArg(name = "roomcast.history.size", value = "1000") })
public class HistoryOnRedisTest extends HistoryContract {

    @Inject
    Vertx vertx;

    @Override
    protected int historySize() {
        return 1000; // a resumer of the seam test may take a while to reconnect on a slow machine
    }

    @BeforeEach
    void redisIsUp() {
        Readiness.await(200);
    }

    @Test
    void idsTakeOneSortedSetPerRoomHoldingTheLastHistorySizeOffsets() throws Exception {
        String room = unique("idkeys");
        try (Member talker = member(room)) {
            int sent = 3 * historySize();
            for (int i = 0; i < sent; i++) {
                talker.client().send("type", "message", "room", room, "content", i, "id", "id-" + i + "-" + "i".repeat(50));
            }
            talker.client().send("type", "message", "room", room, "content", "last", "id", "id-last", "ref", "last");
            talker.client().skipTo("accepted");
            Response keys = redis(Request.cmd(Command.KEYS).arg("*" + room + "*"));
            assertTrue(keys.size() < 10, "the room's few keys (history and presence), not one per id: " + keys.size());
            String ids = "roomcast:ids:{r:" + room + "}";
            assertEquals(historySize(), redis(Request.cmd(Command.ZCARD).arg(ids)).toInteger(), "the ids of the last history.size offsets");
            assertTrue(redis(Request.cmd(Command.PTTL).arg(ids)).toLong() > 0, "and they expire with the log");
        }
    }

    /** One command on a short-lived client of this test's Redis. */
    private Response redis(Request request) throws Exception {
        Redis client = Redis.createClient(vertx, RedisTestResource.server().uri());
        try {
            return client.send(request).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            client.close();
        }
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
                JsonNode again = back.skipTo("joined");
                assertFalse(again.get("recovered").asBoolean(), again::toString);
                assertNotEquals(before.get("epoch").asText(), again.get("epoch").asText(), "a new history, a new epoch");
                assertEquals(0, again.get("offset").asLong(), "offsets start again");
            }
        }
    }
}
