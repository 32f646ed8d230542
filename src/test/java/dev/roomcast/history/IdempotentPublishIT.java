package dev.roomcast.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.roomcast.support.AppProcess;
import dev.roomcast.support.RedisServer;
import dev.roomcast.support.WsClient;

/**
 * A client that resends after a reconnect may land on another instance: the same (room, user, id) sent once
 * to each of two instances is published once, and both sends are answered with the same offset.
 */
public class IdempotentPublishIT {

    @Test
    void theSameIdSentToTwoInstancesIsDeliveredOnce() throws Exception {
        try (RedisServer redis = RedisServer.startOnFreePort();
                AppProcess a = AppProcess.start("idempotent-a", config(redis));
                AppProcess b = AppProcess.start("idempotent-b", config(redis));
                WsClient listener = WsClient.connect(b.ws(), "id=listener&room=news");
                WsClient first = WsClient.connect(a.ws(), "id=writer&room=news");
                WsClient again = WsClient.connect(b.ws(), "id=writer&room=news")) {
            listener.next("joined");
            first.next("joined");
            again.next("joined");
            first.send("type", "message", "room", "news", "content", "once", "id", "w-1", "ref", 1);
            long offset = first.skipTo("accepted").get("offset").asLong();
            again.send("type", "message", "room", "news", "content", "once", "id", "w-1", "ref", 2);
            assertEquals(offset, again.skipTo("accepted").get("offset").asLong(), "the repeat gets the first offset");
            first.send("type", "message", "room", "news", "content", "next", "id", "w-2", "ref", 3);
            first.skipTo("accepted");

            JsonNode once = listener.skipTo("message");
            assertEquals("once", once.get("content").asText());
            assertEquals(offset, once.get("offset").asLong());
            JsonNode next = listener.skipTo("message");
            assertEquals("next", next.get("content").asText(), "the repeat was not delivered again");
            assertTrue(next.get("offset").asLong() == offset + 1);
        }
    }

    private static Map<String, String> config(RedisServer redis) {
        return Map.of("roomcast.fanout.type", "redis", "quarkus.redis.hosts", redis.uri());
    }
}
